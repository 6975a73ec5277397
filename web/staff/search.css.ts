/**
 * Staff search and near-duplicate groups (issue 15), appended to staff.css: the search row,
 * marked passages and the campaign badge. Logical properties; marks keep a visible outline
 * in forced colours, where background colours are dropped.
 */
export const searchCss = `
.search-form{border:1px solid var(--border);padding:1rem;margin-block:0 1.5rem}
.search-row{display:flex;flex-wrap:wrap;gap:.75rem 1rem;align-items:center}
.search-row input[type=search]{flex:1 1 18rem;min-block-size:2.75rem;font:inherit;padding:.4rem .5rem;border:2px solid var(--text)}
.search-row input[type=search]:focus-visible{outline:3px solid var(--focus);outline-offset:0;box-shadow:inset 0 0 0 2px var(--text)}
.search-status{margin-block:0 1rem}
.passage{margin:0;max-inline-size:40rem;overflow-wrap:anywhere}
.passage-field{font-weight:700}
mark{background:#ffdd00;color:#0b0c0c;padding-inline:.1em;font-weight:700}
.group-note{display:block;font-size:.95rem;font-weight:400;margin-block-start:.25rem}
.badge-campaign{color:#5a3c00;background:#fff}
.similar-list{margin-block:0 1rem}
@media (forced-colors:active){mark{outline:2px solid CanvasText;forced-color-adjust:none;background:Mark;color:MarkText}}
`;
