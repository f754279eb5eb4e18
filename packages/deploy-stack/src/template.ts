import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Parameter } from '@aws-sdk/client-cloudformation';
import { UserError } from '@mlops-actions/core';
import { isNode, isScalar, Pair, parseDocument, Scalar, visit, YAMLMap, YAMLSeq } from 'yaml';

/** CloudFormation's limit for TemplateBody; larger templates go through S3 (TemplateURL). */
export const INLINE_TEMPLATE_LIMIT = 51_200;

export interface Template {
  path: string;
  body: string;
  bytes: number;
  parameters: Record<string, { Type?: string; Default?: unknown; NoEcho?: unknown }>;
  resources: Record<string, { Type?: string }>;
}

/**
 * Parse a template (JSON, or YAML with CloudFormation's short-form tags: `!Ref x` -> `{Ref: x}`, `!Sub` ->
 * `{"Fn::Sub": …}`, `!GetAtt a.b` -> `{"Fn::GetAtt": [a, b]}`, …) and check its shape.
 */
export function parseTemplateText(text: string, path: string): Template {
  const doc = parseDocument(text, { prettyErrors: true, uniqueKeys: true, logLevel: 'error' });
  if (doc.errors.length) {
    const e = doc.errors[0]!;
    const line = e.linePos?.[0] ? ` (line ${e.linePos[0].line}, column ${e.linePos[0].col})` : '';
    throw new UserError(`Template ${path} is not valid YAML or JSON${line}: ${e.message.split('\n')[0]}`);
  }
  visit(doc, (_key, node) => {
    if (!isNode(node) || !node.tag?.startsWith('!') || node.tag.startsWith('!!')) return undefined;
    const name = node.tag.slice(1);
    node.tag = undefined;
    let value: unknown = node;
    if (name === 'GetAtt' && isScalar(node)) {
      const text = String(node.value);
      const dot = text.indexOf('.');
      const seq = new YAMLSeq();
      seq.items.push(
        new Scalar(dot < 0 ? text : text.slice(0, dot)),
        new Scalar(dot < 0 ? '' : text.slice(dot + 1)),
      );
      value = seq;
    }
    const map = new YAMLMap();
    map.items.push(
      new Pair(new Scalar(name === 'Ref' || name === 'Condition' ? name : `Fn::${name}`), value),
    );
    return map;
  });
  let template: Record<string, unknown> | null;
  try {
    template = doc.toJS({ maxAliasCount: 1000 }) as Record<string, unknown> | null;
  } catch (error) {
    throw new UserError(`Template ${path} cannot be read: ${(error as Error).message}.`, {
      hint: 'CloudFormation templates do not need YAML aliases; expand them.',
    });
  }
  if (!template || typeof template !== 'object' || Array.isArray(template))
    throw new UserError(`Template ${path} must be a mapping with a Resources section.`);
  const resources = template.Resources as Template['resources'] | undefined;
  if (!resources || typeof resources !== 'object' || Object.keys(resources).length === 0)
    throw new UserError(`Template ${path} has no Resources: CloudFormation needs at least one resource.`);
  for (const [id, r] of Object.entries(resources)) {
    if (!r || typeof r !== 'object' || typeof r.Type !== 'string')
      throw new UserError(`Template ${path}: resource ${id} has no Type.`);
  }
  const parameters = (template.Parameters ?? {}) as Template['parameters'];
  if (typeof parameters !== 'object') throw new UserError(`Template ${path}: Parameters must be a mapping.`);
  return { path, body: text, bytes: Buffer.byteLength(text), parameters, resources };
}

export function readTemplate(path: string): Template {
  let text: string;
  try {
    text = readFileSync(resolve(path), 'utf8');
  } catch {
    throw new UserError(`Input "template": file not found: ${path}.`);
  }
  return parseTemplateText(text, path);
}

/**
 * Check parameters against the template: unknown names are errors; for a new stack, parameters without Default
 * must be given; for an update, parameters not given keep their previous value (UsePreviousValue).
 */
export function checkParameters(template: Template, given: Parameter[], isNewStack: boolean): Parameter[] {
  const declared = Object.keys(template.parameters);
  const unknown = given.filter((p) => !declared.includes(p.ParameterKey!)).map((p) => p.ParameterKey);
  if (unknown.length)
    throw new UserError(`Parameters not declared in ${template.path}: ${unknown.join(', ')}.`, {
      hint: `Declared parameters: ${declared.join(', ') || 'none'}.`,
    });
  const names = new Set(given.map((p) => p.ParameterKey));
  const missing = declared.filter((d) => !names.has(d) && template.parameters[d]?.Default === undefined);
  if (isNewStack && missing.length)
    throw new UserError(
      `Required parameters missing for the new stack: ${missing.join(', ')} (no Default in ${template.path}).`,
      {
        hint: 'Give them in `parameters`.',
      },
    );
  const out = [...given];
  if (!isNewStack)
    for (const d of declared)
      if (!names.has(d) && template.parameters[d]?.Default === undefined)
        out.push({ ParameterKey: d, UsePreviousValue: true });
  return out;
}
