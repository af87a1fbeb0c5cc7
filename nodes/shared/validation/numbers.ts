import type { INode } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

export interface IntegerRule {
	/** the field's name as the user sees it, e.g. "Timeout (Seconds)" */
	field: string;
	min: number;
	max: number;
	/** unit shown after the range, e.g. "seconds" */
	unit?: string;
	/** why the range is what it is, shown as the error's description */
	reason?: string;
}

function describe(value: unknown): string {
	if (value === undefined) return 'nothing (the expression resolved to undefined)';
	if (value === null) return 'null';
	if (typeof value === 'string') return value.trim() === '' ? 'an empty value' : `"${value.length > 40 ? `${value.slice(0, 40)}…` : value}"`;
	return String(value);
}

/**
 * Parameters often come from expressions, so n8n's own min/max in the editor are not enough: the
 * value is checked again at run time, before any request, and a bad one names the field and the
 * allowed range.
 */
export function requireInteger(node: INode, value: unknown, rule: IntegerRule, itemIndex: number): number {
	const number = typeof value === 'string' && value.trim() !== '' ? Number(value) : value;
	const range = `a whole number from ${rule.min} to ${rule.max}${rule.unit ? ` ${rule.unit}` : ''}`;
	if (typeof number !== 'number' || !Number.isInteger(number) || number < rule.min || number > rule.max) {
		throw new NodeOperationError(node, `${rule.field} must be ${range}, got ${describe(value)}`, {
			itemIndex,
			description: rule.reason,
		});
	}
	return number;
}
