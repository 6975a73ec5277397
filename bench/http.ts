/**
 * Just enough of a browser for the staff and status pages: a cookie jar, forms read out of
 * HTML, and no redirects followed behind the benchmark's back.
 */
export class Session {
  private readonly cookies = new Map<string, string>();

  constructor(readonly base: string) {}

  get cookieHeader(): string {
    return [...this.cookies].map(([name, value]) => `${name}=${value}`).join('; ');
  }

  async request(path: string, init: { method?: string; form?: Record<string, string> } = {}): Promise<Response> {
    const headers: Record<string, string> = {};
    if (this.cookies.size > 0) headers.cookie = this.cookieHeader;
    let body: string | undefined;
    if (init.form) {
      headers['content-type'] = 'application/x-www-form-urlencoded';
      body = new URLSearchParams(init.form).toString();
    }
    const url = new URL(path, this.base);
    // Same-origin requests, as the browser would send them (CSRF checks look at these).
    headers.origin = url.origin;
    const response = await fetch(url, {
      method: init.method ?? (body ? 'POST' : 'GET'),
      headers,
      body,
      redirect: 'manual',
    });
    for (const line of response.headers.getSetCookie()) {
      const [pair = ''] = line.split(';');
      const at = pair.indexOf('=');
      if (at <= 0) continue;
      const name = pair.slice(0, at).trim();
      const value = pair.slice(at + 1).trim();
      if (value === '' || /max-age=0\b/i.test(line)) this.cookies.delete(name);
      else this.cookies.set(name, value);
    }
    return response;
  }

  /** GET, following same-origin redirects (at most five). */
  async get(path: string): Promise<Response> {
    let response = await this.request(path);
    for (let hops = 0; hops < 5 && response.status >= 300 && response.status < 400; hops++) {
      const location = response.headers.get('location');
      if (!location) break;
      response = await this.request(new URL(location, new URL(path, this.base)).toString());
    }
    return response;
  }
}

export interface HtmlForm {
  method: string;
  action: string;
  fields: Record<string, string>;
  /** Visible inputs by name, with their type. */
  inputs: { name: string; type: string }[];
}

const attribute = (tag: string, name: string) => {
  const value = new RegExp(`\\b${name}="([^"]*)"`, 'i').exec(tag)?.[1];
  return value
    ?.replace(/&amp;/g, '&')
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'");
};

/** The forms in a page, with hidden fields filled and the others listed. */
export function formsIn(html: string): HtmlForm[] {
  return [...html.matchAll(/<form\b([^>]*)>([\s\S]*?)<\/form>/gi)].map(([, open = '', inner = '']) => {
    const fields: Record<string, string> = {};
    const inputs: { name: string; type: string }[] = [];
    for (const [tag] of inner.matchAll(/<(?:input|textarea|select)\b[^>]*>/gi)) {
      const name = attribute(tag, 'name');
      if (!name) continue;
      const type = (
        attribute(tag, 'type') ?? (tag.startsWith('<input') ? 'text' : tag.slice(1).split(/\s/)[0]!)
      ).toLowerCase();
      if (type === 'hidden') fields[name] = attribute(tag, 'value') ?? '';
      else inputs.push({ name, type });
    }
    return {
      method: (attribute(open, 'method') ?? 'get').toLowerCase(),
      action: attribute(open, 'action') ?? '',
      fields,
      inputs,
    };
  });
}

/** Links in a page whose href matches `pattern`, resolved against `base`. */
export function linksIn(html: string, pattern: RegExp): string[] {
  return [...html.matchAll(/<a\b[^>]*>/gi)]
    .map(([tag]) => attribute(tag, 'href'))
    .filter((href): href is string => Boolean(href && pattern.test(href)));
}
