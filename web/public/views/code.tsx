import { groupCode } from '#core';
import type { PageContext } from './layout.tsx';

/**
 * A code as screen readers should say it: one character at a time, a pause between the
 * groups. Read as written, "S266" comes out as "S two hundred and sixty-six" and "DNGA"
 * as a word; spaced out, each digit and letter is said on its own.
 */
export function spelledCode(page: PageContext, code: string): string {
  const groups = groupCode(code).split('-');
  return groups.map((group) => [...group].join(' ')).join(page.t('code.groupBreak'));
}

/**
 * A code people write down: seen as Latin groups inside `<bdi dir="ltr">` (Arabic around
 * it cannot reorder it), heard spelled out.
 */
export function SpokenCode({
  page,
  code,
  class: className,
  data,
}: {
  page: PageContext;
  code: string;
  class: string;
  /** The data-* attribute tests and scripts find the code by. */
  data: 'data-reference' | 'data-receipt';
}) {
  return (
    <>
      <bdi dir="ltr" class={className} aria-hidden="true" {...{ [data]: true }}>
        {groupCode(code)}
      </bdi>
      <span class="visually-hidden" data-spelled>
        {spelledCode(page, code)}
      </span>
    </>
  );
}
