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

// Separators that some readers end a line at: a space keeps the message on its line.
const LINE_SEPARATORS = /[\v\f\u0085\u2028\u2029]/g;
// Invisible characters (format characters, controls) that the runner's culture-sensitive matching skips, so
// `#\u00AD#[` would still read as `##[`. ANSI colour sequences (ESC followed by `[`) are kept.
const INVISIBLE =
  /\p{Default_Ignorable_Code_Point}|\u001b(?!\[)|[\u0000-\u0008\u000e-\u001a\u001c-\u001f\u007f-\u009f]/gu;
// `##[command]` is parsed anywhere in a line; whitespace between the characters is no defence either.
const ANYWHERE_COMMAND = /#(?=\p{White_Space}*#\p{White_Space}*\[)/gu;
const WHITE_SPACE = /\p{White_Space}/gu;

/**
 * Text for the job log that the runner cannot execute as a workflow command: no `##[` anywhere, and no line that
 * starts with `::` once every Unicode whitespace character (which the runner trims, NEL and NBSP included) is
 * removed. Such a line is shown after a `› ` quote mark, and the first `#` of a `##[` becomes its full-width
 * look-alike `＃` (the same to a reader, a different character to the runner); invisible characters the runner would
 * skip are dropped and line breaks kept, so data stays readable and nothing it says is executed.
 */
export function neutralizeOutput(text: string): string {
  const visible = String(text)
    .replace(LINE_SEPARATORS, ' ')
    .replace(INVISIBLE, '')
    .replace(ANYWHERE_COMMAND, '＃');
  return visible
    .split(/(\r\n|\r|\n)/)
    .map((line) => (line.replace(WHITE_SPACE, '').startsWith('::') ? `› ${line}` : line))
    .join('');
}
