// The `yaml` library is ~114 kB of JS, a third of what an action entry used to load before its first line of output
// (issue 21.6), and most runs give no YAML input. Input parsers are synchronous, so the library cannot be imported
// in the middle of one: an entry parses the inputs, and if a YAML value was met before the library was loaded, it
// loads it and parses again (parsing inputs only reads them, so a second pass sees exactly what the first saw).
import type * as Yaml from 'yaml';

type YamlLibrary = typeof Yaml;

let library: YamlLibrary | undefined;

/** Thrown by yamlLibrary() before the library is loaded; parseInputsLoadingYaml() catches it. */
class YamlNotLoaded extends Error {
  constructor() {
    super(
      'The YAML library is not loaded: parse inputs through parseInputsLoadingYaml (or provideYaml in tests).',
    );
  }
}

/** The YAML library for a parser that meets a YAML value; throws YamlNotLoaded until it is loaded. */
export function yamlLibrary(): YamlLibrary {
  if (!library) throw new YamlNotLoaded();
  return library;
}

/** Install an already imported YAML library (test helpers, which parse inputs synchronously). */
export function provideYaml(yaml: YamlLibrary): void {
  library = yaml;
}

/**
 * Parse inputs; when a value turns out to be YAML before the library is loaded, import it and parse again. An input
 * error met before any YAML value is reported without loading it.
 */
export async function parseInputsLoadingYaml<I>(parse: () => I): Promise<I> {
  if (!library) {
    try {
      return parse();
    } catch (error) {
      if (!(error instanceof YamlNotLoaded)) throw error;
    }
    // yaml is CommonJS under Node's conditions: its exports are the namespace's default (the only export a bundled
    // chunk gives; Node also lists them by name).
    const yaml = await import('yaml');
    library = (yaml.default ?? yaml) as YamlLibrary;
  }
  return parse();
}
