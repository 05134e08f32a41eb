/**
 * What the two CA forms (private CA for servers, CA for client certificates) share: the subject
 * they make (O when given, then CN) and the checks of the name and the validity. One copy, so the
 * two forms cannot drift apart (issue 13 item 4: builder helpers copied between modules).
 */
import { validateName, type DistinguishedName, type FieldIssue } from '../pki/index.ts';

export interface CaNameFields {
  readonly name: string;
  readonly organization: string;
}

/** The CA's subject: O (when given) then CN, both trimmed. */
export function caSubject(form: CaNameFields): DistinguishedName {
  const dn: DistinguishedName = [];
  if (form.organization.trim()) dn.push({ type: 'O', value: form.organization.trim() });
  dn.push({ type: 'CN', value: form.name.trim() });
  return dn;
}

/**
 * The name is required, then the PKI core's name rules; an issue on O is the organization field's,
 * any other the form's name field (`nameField`, as the form calls it).
 */
export function caNameIssues(form: CaNameFields, nameField: string): FieldIssue[] {
  if (!form.name.trim()) return [{ field: nameField, code: 'name.required' }];
  return validateName(caSubject(form)).map((i) => ({ ...i, field: i.field === 'O' ? 'organization' : nameField }));
}

/** Whole days from 1 to `max`, else one `validity.range` issue on `field`. */
export function caValidityIssues(days: number, max: number, field: string): FieldIssue[] {
  return Number.isInteger(days) && days >= 1 && days <= max ? [] : [{ field, code: 'validity.range', params: { min: 1, max } }];
}
