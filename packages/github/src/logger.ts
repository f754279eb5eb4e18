/** Properties for an annotation (shown on the run page and, with a file, in the diff). */
export interface AnnotationProperties {
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
  /** A progress line of a long step (`final` on its last one); loggers without it log progress with `info`. */
  progress?(line: string, final: boolean): void;
}

/** A logger that remembers everything, for unit tests. */
export class MemoryLogger implements Logger {
  readonly lines: { level: 'debug' | 'info' | 'warning' | 'error'; message: string }[] = [];
  debug(message: string) {
    this.lines.push({ level: 'debug', message });
  }
  info(message: string) {
    this.lines.push({ level: 'info', message });
  }
  warning(message: string) {
    this.lines.push({ level: 'warning', message });
  }
  error(message: string) {
    this.lines.push({ level: 'error', message });
  }
  async group<T>(name: string, fn: () => Promise<T>): Promise<T> {
    this.lines.push({ level: 'info', message: `[group] ${name}` });
    return fn();
  }
  /** All messages of one level. */
  of(level: 'debug' | 'info' | 'warning' | 'error'): string[] {
    return this.lines.filter((l) => l.level === level).map((l) => l.message);
  }
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
