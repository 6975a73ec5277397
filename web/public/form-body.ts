import type { FormValues } from './views/form.tsx';

/**
 * Reads a form post into plain strings. Anything that is not a urlencoded or multipart form
 * yields no fields (so validation explains what is missing); uploaded files are ignored;
 * a field sent twice becomes a list, which single-value fields then reject.
 */
const FORM_TYPE = /^(application\/x-www-form-urlencoded|multipart\/form-data)\b/i;

/**
 * Whether a post is a form that can be read at all (the right type, and a body that parses:
 * no cut-off multipart, no boundary that never comes). Reads a copy, so the handler can
 * still read the request. Routes whose every field is optional use it to refuse what is not
 * a form with a translated 400, where `readForm`'s empty answer would look like a choice.
 */
export async function isReadableForm(request: Request): Promise<boolean> {
  if (!FORM_TYPE.test(request.headers.get('content-type') ?? '')) return false;
  try {
    await request.clone().formData();
    return true;
  } catch {
    return false;
  }
}

const URLENCODED = /^application\/x-www-form-urlencoded\b/i;

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
  if (!FORM_TYPE.test(type)) return { values, files };
  let data: Iterable<[string, FormDataEntryValue]>;
  try {
    // A urlencoded post is read as text and parsed by URLSearchParams: the same parser
    // `formData()` uses for it. A multipart post is read as bytes and handed to the same
    // multipart parser `formData()` uses, through a Response. Both reads take
    // @hono/node-server's direct path from the socket; `formData()` on the request itself makes
    // it build a whole web Request and stream first (≈ 3 ms a post here, docs/performance.md).
    data = URLENCODED.test(type)
      ? new URLSearchParams(await request.text())
      : (await new Response(await request.arrayBuffer(), { headers: { 'content-type': type } }).formData()).entries();
  } catch {
    return { values, files };
  }
  for (const [name, value] of data) {
    if (typeof value !== 'string') {
      if (value.size > 0 || value.name !== '') files[name] = [...(files[name] ?? []), value];
      continue;
    }
    const existing = values[name];
    values[name] = existing === undefined ? value : [...(Array.isArray(existing) ? existing : [existing]), value];
  }
  return { values, files };
}
