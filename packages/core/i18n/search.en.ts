/**
 * English strings for staff search and near-duplicate groups (issue 15), spread into en.ts.
 * Same keys in search.ar.ts; the catalogue test checks both.
 */
export const searchEn = {
  'search.landmark': 'Search submissions',
  'search.label': 'Search',
  'search.hint':
    'Every word must appear; put a phrase in quotes. Any spelling finds the others (أ or ا, ة or ه, with or without diacritics). Searches messages, transcripts of recordings, public replies and notes, never contact details.',
  'search.submit': 'Search',
  'search.clear': 'Clear the search',
  'search.caption': 'Submissions matching “{query}”: {status}, {order}',
  'search.captionPage': 'Submissions matching “{query}”: {status}, {order}, continued',
  'search.found': {
    zero: 'No submission on this page matches “{query}”.',
    one: '1 submission on this page matches “{query}”.',
    other: '{n} submissions on this page match “{query}”.',
  },
  'search.none': 'Nothing matches “{query}” with these filters.',
  'search.partial': 'The search stopped after reading its share; the next page goes on from there.',
  'search.nothingToSearch': 'Type at least one word to search.',
  'search.col.passage': 'Where it matches',
  'search.field.message': 'Message',
  'search.field.reply': 'Public reply',
  'search.field.note': 'Note',
  'search.field.transcript': 'Transcript (written by staff)',

  'group.similar': {
    one: 'and 1 similar',
    other: 'and {n} similar',
  },
  'group.campaign': 'Campaign',
  'group.campaignHint': '{size} or more similar submissions within {hours} hours. Every one is kept and counted.',
  'group.title': 'Similar submissions',
  'group.intro':
    'These submissions have near-identical text. Each one is kept, counted and answered on its own; a decision made here is made for each of them and recorded in each one’s audit trail.',
  'group.caption': {
    one: '1 submission in this group, newest first',
    other: '{n} submissions in this group, newest first',
  },
  'group.hidden': 'Some submissions in this group are not shown because your role cannot see them.',
  'group.decide': 'Decide for the whole group',
  'group.decideHint':
    'Applies to every submission listed above, as shown on this page. One that someone changed meanwhile is left as it is and listed, and the others go ahead.',
  'group.status.any': 'Choose a status',
  'group.status.keep': 'Keep each one’s status',
  'group.result.done': {
    zero: 'No submission was changed.',
    one: '1 submission changed.',
    other: '{n} submissions changed.',
  },
  'group.result.problems': 'Not changed:',
  'group.result.conflict': 'someone changed it after this page was loaded. Open it to see what changed.',
  'group.result.transition': 'that status change is not allowed from “{status}”.',
  'group.result.unchanged': 'nothing to change: that is already the case.',
  'group.result.notRouted': 'it is still being routed.',
  'group.result.notFound': 'it no longer exists or your role cannot see it.',
  'group.result.notPermitted': 'your role cannot do that.',
  'group.result.invalid': 'the text or colleague was not valid.',
  'group.submissionSimilar': 'Similar submissions',
  'group.submissionNone': 'No similar submissions.',
  'group.open': {
    one: 'Open the group (1 submission) to decide for all of it',
    other: 'Open the group ({n} submissions) to decide for all of it',
  },
} as const;
