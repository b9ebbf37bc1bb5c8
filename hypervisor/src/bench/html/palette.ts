/**
 * Colours of the charts: one per EXIT_REASONS row (by its index, so the
 * same reason has the same colour in every chart and report), and one for
 * the instructions the guest executes itself.
 */
import { EXIT_REASONS } from '../../vmm/exit-reasons.js';

export const INSTRUCTIONS_COLOR = '#9aa5b1';

// Hues stepped by a prime fraction of the circle so that neighbouring rows differ strongly.
const colors = new Map(EXIT_REASONS.map((r, i) => [r.name as string, `hsl(${Math.round((i * 360 * 5) / EXIT_REASONS.length) % 360}, ${i % 2 ? 55 : 70}%, ${i % 3 === 0 ? 42 : i % 3 === 1 ? 55 : 65}%)`]));

/** The colour of exit reason `name`. */
export const reasonColor = (name: string): string => colors.get(name) ?? '#444';
