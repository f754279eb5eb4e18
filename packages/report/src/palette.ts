/**
 * One palette for every chart the project draws (Mermaid in Markdown, SVG in HTML), so a colour means the same thing
 * everywhere. Okabe–Ito colours: distinguishable with the common colour-vision deficiencies, readable on light and
 * dark backgrounds.
 */
export const PALETTE = {
  /** The production model (evaluate-challenger's champion, drift-report's monitored model). */
  champion: { hex: '#0072b2', name: 'blue' },
  challenger: { hex: '#e69f00', name: 'orange' },
  /** Decision thresholds (min-metric, drift thresholds). */
  threshold: { hex: '#d55e00', name: 'red' },
  /** Reference distribution (training data). */
  reference: { hex: '#8c959f', name: 'grey' },
  /** Current distribution (the latest window). */
  current: { hex: '#0072b2', name: 'blue' },
} as const;

export type PaletteRole = keyof typeof PALETTE;

/** The Mermaid init directive that colours an xychart's series in declaration order. */
export function mermaidPaletteInit(roles: PaletteRole[]): string {
  const colours = roles.map((r) => PALETTE[r].hex).join(', ');
  return `%%{init: {'themeVariables': {'xyChart': {'plotColorPalette': '${colours}'}}}}%%`;
}

/** A legend line naming each series by its colour, e.g. "blue: champion · orange: challenger". */
export function legendText(entries: { role: PaletteRole; label: string }[]): string {
  return entries.map((e) => `${PALETTE[e.role].name}: ${e.label}`).join(' · ');
}
