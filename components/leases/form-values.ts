/** A form's text fields by name, as typed so far (for the commands shown beside the form). */
export function formValues(form: HTMLFormElement): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of new FormData(form)) {
    if (typeof value === 'string' && !name.startsWith('$ACTION')) out[name] = value;
  }
  return out;
}
