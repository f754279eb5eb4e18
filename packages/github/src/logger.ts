/** Properties for an annotation (shown on the run page and, with a file, in the diff). */
interface AnnotationProperties {
  title?: string;
  file?: string;
  startLine?: number;
  endLine?: number;
}

/** The logger every action's logic receives; never imports @actions/core itself. */
export interface Logger {
  debug(message: string): void;
  info(message: string): void;
  warning(message: string, properties?: AnnotationProperties): void;
  error(message: string, properties?: AnnotationProperties): void;
  group<T>(name: string, fn: () => Promise<T>): Promise<T>;
}

/**
 * Text that came from data (file contents, remote logs) may contain lines that the runner would execute as
 * workflow commands (`::set-env`, `::add-mask::`, `::error::`...). Wrapping it in stop-commands makes the runner
 * print it verbatim. See "Stopping and starting workflow commands" in GitHub's documentation.
 */
export function neutralizeWorkflowCommands(text: string, token: () => string): string {
  if (!/(^|[\r\n])\s*::/.test(text)) return text;
  const t = token();
  return `::stop-commands::${t}\n${text}\n::${t}::`;
}
