import type { FormValues } from './views/form.tsx';

/**
 * Reads a form post into plain strings. Anything that is not a urlencoded or multipart form
 * yields no fields (so validation explains what is missing); uploaded files are ignored;
 * a field sent twice becomes a list, which single-value fields then reject.
 */
export async function readForm(request: Request): Promise<FormValues> {
  const type = request.headers.get('content-type') ?? '';
  if (!/^(application\/x-www-form-urlencoded|multipart\/form-data)\b/i.test(type)) return {};
  let data: FormData;
  try {
    data = await request.formData();
  } catch {
    return {};
  }
  const values: FormValues = {};
  for (const [name, value] of data.entries()) {
    if (typeof value !== 'string') continue;
    const existing = values[name];
    values[name] = existing === undefined ? value : [...(Array.isArray(existing) ? existing : [existing]), value];
  }
  return values;
}
