/** Where each brief page is, under a staff language's base (`/staff`, `/en/staff`). */
export interface BriefPaths {
  list: string;
  newForm: string;
  create: string;
  view: (id: string) => string;
  edit: (id: string) => string;
  save: (id: string) => string;
  publish: (id: string) => string;
  send: (id: string) => string;
  version: (id: string, n: number) => string;
  docx: (id: string, n: number) => string;
  print: (id: string, n: number) => string;
}

export function briefPaths(base: string): BriefPaths {
  const root = `${base}/briefs`;
  return {
    list: root,
    newForm: `${root}/new`,
    create: root,
    view: (id) => `${root}/${id}`,
    edit: (id) => `${root}/${id}/edit`,
    save: (id) => `${root}/${id}`,
    publish: (id) => `${root}/${id}/publish`,
    send: (id) => `${root}/${id}/send`,
    version: (id, n) => `${root}/${id}/versions/${n}`,
    docx: (id, n) => `${root}/${id}/versions/${n}/brief.docx`,
    print: (id, n) => `${root}/${id}/versions/${n}/print`,
  };
}
