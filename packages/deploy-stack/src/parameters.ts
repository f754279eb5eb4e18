// The `parameters` input, parsed with the inputs: apart from template.ts, whose static `yaml` import only the run
// (a lazily loaded chunk) reaches, so an entry loads the YAML library only when a parameters map is given.
import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Parameter } from '@aws-sdk/client-cloudformation';
import { UserError } from '@mlops-actions/core';
import { yamlLibrary } from '@mlops-actions/github';

/**
 * `parameters`: a YAML map (values may contain commas), or a path to a file in CloudFormation's
 * `[{"ParameterKey": …, "ParameterValue": …}]` JSON format.
 */
export function parseParameters(raw: string): Parameter[] {
  const text = raw.trim();
  if (!text) return [];
  if (!text.includes('\n') && !text.includes(':') && existsSync(resolve(text))) {
    let doc: unknown;
    try {
      doc = JSON.parse(readFileSync(resolve(text), 'utf8'));
    } catch {
      throw new UserError(`Input "parameters": ${text} is not valid JSON.`);
    }
    if (!Array.isArray(doc) || doc.some((p) => !p || typeof p.ParameterKey !== 'string'))
      throw new UserError(
        `Input "parameters": ${text} must be a JSON list of {"ParameterKey", "ParameterValue"} objects.`,
      );
    return doc.map((p) =>
      p.UsePreviousValue
        ? { ParameterKey: p.ParameterKey, UsePreviousValue: true }
        : { ParameterKey: p.ParameterKey, ParameterValue: String(p.ParameterValue ?? '') },
    );
  }
  const doc = yamlLibrary().parseDocument(text);
  if (doc.errors.length)
    throw new UserError(
      `Input "parameters" is not a valid YAML map: ${doc.errors[0]!.message.split('\n')[0]}`,
    );
  const map = doc.toJS() as unknown;
  if (!map || typeof map !== 'object' || Array.isArray(map))
    throw new UserError(
      'Input "parameters" must be a YAML map (Name: value per line) or the path of a CloudFormation parameters JSON file.',
    );
  return Object.entries(map as Record<string, unknown>).map(([ParameterKey, v]) => {
    if (v !== null && typeof v === 'object') {
      if (Array.isArray(v)) return { ParameterKey, ParameterValue: v.map(String).join(',') }; // CommaDelimitedList
      throw new UserError(
        `Input "parameters": the value of ${ParameterKey} must be a string, number or list.`,
      );
    }
    return { ParameterKey, ParameterValue: v === null || v === undefined ? '' : String(v) };
  });
}
