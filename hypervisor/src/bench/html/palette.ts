/**
 * Colours of the charts: one per EXIT_REASONS row, taken in row order from
 * a categorical palette (Tableau 20's colours), so the
 * same reason has the same colour in every chart and report; and a grey for
 * the instructions the guest executes itself.
 */
import { EXIT_REASONS } from '../../vmm/exit-reasons.js';

export const INSTRUCTIONS_COLOR = '#9aa5b1';

// Pairs of one hue (dark, light) for neighbouring rows of the table, which are related reasons.
const PALETTE = [
  '#1f77b4', '#aec7e8', '#9467bd', '#c5b0d5', '#8c564b', '#ff7f0e', '#ffbb78', '#2ca02c', '#98df8a',
  '#d62728', '#ff9896', '#e377c2', '#bcbd22', '#17becf', '#7f7f7f', '#dbdb8d', '#9edae5', '#c49c94', '#f7b6d2',
] as const;

const colors = new Map<string, string>(
  EXIT_REASONS.map((r, i) => [r.name, PALETTE[i] ?? `hsl(${(i * 137) % 360}, 60%, 50%)`]),
);

/** The colour of exit reason `name`. */
export const reasonColor = (name: string): string => colors.get(name) ?? '#444';
