import type { FormValues } from './views/form.tsx';

/**
 * Reads a form post into plain strings. Anything that is not a urlencoded or multipart form
 * yields no fields (so validation explains what is missing); uploaded files are ignored;
 * a field sent twice becomes a list, which single-value fields then reject.
 */
export async function readForm(request: Request): Promise<FormValues> {
  return (await readFormWithFiles(request)).values;
}

/**
 * The same, keeping uploaded files by field name (the voice recording, issue 19). A file
 * field sent twice keeps both, so the caller can refuse it rather than pick one. An empty
 * file input (nothing chosen) arrives as a nameless empty file and is dropped.
 */
export async function readFormWithFiles(
  request: Request,
): Promise<{ values: FormValues; files: Record<string, File[]> }> {
  const values: FormValues = {};
  const files: Record<string, File[]> = {};
  const type = request.headers.get('content-type') ?? '';
  if (!/^(application\/x-www-form-urlencoded|multipart\/form-data)\b/i.test(type)) return { values, files };
  let data: FormData;
  try {
    data = await request.formData();
  } catch {
    return { values, files };
  }
  for (const [name, value] of data.entries()) {
    if (typeof value !== 'string') {
      if (value.size > 0 || value.name !== '') files[name] = [...(files[name] ?? []), value];
      continue;
    }
    const existing = values[name];
    values[name] = existing === undefined ? value : [...(Array.isArray(existing) ? existing : [existing]), value];
  }
  return { values, files };
}
