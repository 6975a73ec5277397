/**
 * html-validate for the served pages: `html-validate:recommended`, with four rules set to
 * the style our renderer produces rather than switched off. Each is a matter of markup
 * style, not validity or accessibility:
 *
 * - `void-style`: hono/jsx writes void elements self-closed (`<meta … />`, `<input … />`).
 *   Both forms are valid HTML; the rule stays on so the output is consistent.
 * - `attribute-boolean-style`: hono/jsx writes boolean attributes with an empty value
 *   (`defer=""`, `novalidate=""`), which the HTML spec allows; again kept consistent.
 * - `attribute-empty-style`: the same for attributes that may be empty, such as `hidden`
 *   (an enumerated attribute since `hidden="until-found"`): hono/jsx writes `hidden=""`.
 * - `form-dup-name`: a group of checkboxes sharing one name (`topics`) is how a form posts a
 *   list; the rule's default only shares radio and button names, so checkbox joins them.
 */
import { HtmlValidate, type Report } from 'html-validate';

export const htmlValidate = new HtmlValidate({
  extends: ['html-validate:recommended'],
  rules: {
    'void-style': ['error', { style: 'selfclose' }],
    'attribute-boolean-style': ['error', { style: 'empty' }],
    'attribute-empty-style': ['error', { style: 'empty' }],
    'form-dup-name': ['error', { shared: ['radio', 'checkbox', 'button', 'reset', 'submit'] }],
  },
});

/** One line per problem, with the markup around it, for a readable failure. */
export function describeReport(report: Report, html: string): string {
  return report.results
    .flatMap((result) =>
      result.messages.map((message) => {
        const at = message.offset ?? 0;
        const context = html.slice(Math.max(0, at - 60), at + 80).replace(/\s+/g, ' ');
        return `${message.ruleId}: ${message.message} (line ${message.line}:${message.column}) …${context}…`;
      }),
    )
    .join('\n');
}
