import manifest from '../package.json' with { type: 'json' };

/** The CLI's version: the `version` of packages/cli/package.json, inlined into the bundle when it is built. */
export const CLI_VERSION: string = manifest.version;
