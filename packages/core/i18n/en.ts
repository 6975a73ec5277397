import { consentEn } from './briefs.en.ts';
import { consultationsEn } from './consultations.en.ts';
import { followUpEn } from './follow-up.en.ts';
import type { staffEn } from './staff.en.ts';
import { voiceEn } from './voice.en.ts';

/**
 * English catalogue. Keys are shared with ar.ts (the type makes a missing key a compile
 * error, and i18n.test.ts checks it at run time too). `{name}` marks a placeholder;
 * objects are plural forms chosen with Intl.PluralRules.
 */
const publicEn = {
  'site.name': 'Mashura',
  'site.tagline': 'Your voice to the UN Special Envoy for Syria and the donors of the Civil Society Support Room',
  'nav.skip': 'Skip to main content',
  'exit.label': 'Leave this page quickly',
  'exit.hint': 'Opens a neutral website straight away.',

  'form.title': 'Send your input',
  'form.intro':
    'Mashura carries the input of Syrian civil society to the Office of the UN Special Envoy for Syria and to the donors of the Civil Society Support Room. Tell them what matters to you: what should change, what is missing, what you want them to do.',
  'form.anonymous.heading': 'You do not need to give your name',
  'form.anonymous.body':
    'We never ask for your name, and we do not record your IP address. Every question below except the first three is optional. If you leave an email address, only Mashura staff can see it: it is encrypted, never sent to the donors, and deleted {days} after your input is closed.',
  'form.data.heading': 'What happens to your input',
  'form.data.body':
    'Your input is stored securely and sent by email to the office you choose. Staff at the Special Envoy’s office read it, may pass it to the donors, and may write a public reply. Figures about the topics people raise may be published, never in a way that could identify you.',
  'form.required': 'required',
  'form.optional': 'optional',
  'form.submit': 'Send my input',
  'form.optionalHeading': 'About you (optional)',
  'form.optionalHint': 'This helps show who is being heard. Skip anything you prefer not to answer.',

  'field.addressee.legend': 'Who is your input for?',
  'addressee.ose': 'The Office of the UN Special Envoy for Syria',
  'addressee.donors': 'The donors of the Civil Society Support Room',
  'addressee.both': 'Both',
  'addressee.unsure': 'Not sure: let the Special Envoy’s office decide',

  'field.topics.legend': 'What is it about?',
  'field.topics.hint': 'Select all that apply.',
  'field.topics.oseGroup': 'Topics raised with the Special Envoy',
  'field.topics.donorsGroup': 'Topics raised with the donors',

  'field.message.label': 'Your input',
  'field.message.hint': 'Write in Arabic, English or any language you prefer. Up to {max} characters.',
  'count.remaining': {
    one: 'You have {n} character remaining',
    other: 'You have {n} characters remaining',
  },
  'count.over': {
    one: 'You have {n} character too many',
    other: 'You have {n} characters too many',
  },

  'field.region.label': 'Where are you based?',
  'field.region.none': 'Prefer not to say',
  'region.syria-northwest': 'Syria: north-west',
  'region.syria-northeast': 'Syria: north-east',
  'region.syria-north': 'Syria: north (Aleppo)',
  'region.syria-central': 'Syria: centre (Homs, Hama)',
  'region.syria-coast': 'Syria: the coast',
  'region.syria-damascus': 'Syria: Damascus and its countryside',
  'region.syria-south': 'Syria: south',
  'region.syria-east': 'Syria: east',
  'region.turkey': 'Türkiye',
  'region.lebanon': 'Lebanon',
  'region.jordan': 'Jordan',
  'region.iraq': 'Iraq',
  'region.europe': 'Europe',
  'region.elsewhere': 'Somewhere else',

  'field.gender.legend': 'Gender',
  'gender.woman': 'Woman',
  'gender.man': 'Man',
  'gender.another': 'Another way',
  'field.disability.legend': 'Do you have a disability?',
  'field.quoteConsent.legend': 'May the office quote your words, without your name, in its briefs?',
  'field.quoteConsent.hint':
    'Briefs tell the Special Envoy’s office and the donors what people wrote. If you say yes, staff may quote a short passage of your input, never your name or email. You can change your answer later on the status page with your receipt code.',
  'quoteConsent.no': 'No, do not quote me',
  'quoteConsent.yes': 'Yes, you may quote my words without my name',
  'disability.yes': 'Yes',
  'disability.no': 'No',
  'field.choice.none': 'Prefer not to say',

  'field.organisation.label': 'Organisation',
  'field.organisation.hint': 'If you write on behalf of an organisation.',
  'field.email.label': 'Email address for a reply',
  'field.email.hint':
    'Only if you want replies by email. Leave it empty to stay fully anonymous: you can still follow your input with the codes you get after sending.',

  'error.titlePrefix': 'Error:',
  'error.summary.title': 'There is a problem',
  'error.invalid': 'This answer is not one of the choices. Choose again.',
  'error.formToken': 'The form had expired. Check your answers and send it again.',
  'error.addressee.required': 'Choose who your input is for',
  'error.topics.required': 'Choose at least one topic',
  'error.topics.invalid': 'Choose topics from the list',
  'error.message.required': 'Write your input',
  'error.message.tooLong': 'Your input must be {max} characters or fewer',
  'error.organisation.tooLong': 'The organisation name must be {max} characters or fewer',
  'error.email.invalid': 'Enter an email address like name@example.org, or leave it empty',
  'error.collision': 'Something went wrong on our side. Your text is still here: send it again.',
  'error.unavailable': 'The service is busy. Nothing was saved and your text is still here: send it again in a minute.',

  // Abuse defences and data protection (issue 6). Every refusal keeps the person's text.
  'protect.honeypot.label': 'Leave this field empty',
  'protect.honeypot':
    'A field that must stay empty had something in it (some browsers fill fields in on their own). We have emptied it. Nothing was saved and your text is still here: check it and send it again.',
  'protect.tooFast':
    'The form was sent very quickly, so we could not tell that a person sent it. Nothing was saved and your text is still here: check it and send it again.',
  'protect.stamp':
    'The form could not be checked, perhaps because the page was open for a long time. Nothing was saved and your text is still here: send it again.',
  'protect.rateLimited':
    'A lot of input has been sent from your connection in the last hour. Nothing was saved and your text is still here: send it again in {minutes}. This can happen when many people share one connection.',
  'send.sending': 'Sending your input…',
  'send.progress': '{percent} sent',
  'send.offline':
    'Your input has not been sent yet: the connection dropped. It is kept on this page only, not saved on this device. Keep this page open: it will be sent as soon as the connection returns, or press "Try again".',
  'send.retrying': 'Trying again to send your input…',
  'send.retry': 'Try again',
  'draft.heading': 'Keep a draft on this device',
  'draft.warning':
    'Only do this on a device you trust. Anyone who uses this device, or takes it, could see that a draft from this website is kept on it. The draft is locked with a code we show you once: without that code nobody can read it, and we cannot recover it. It is deleted when your input is sent, when you delete it, and when you use "Leave this page quickly". A recording is not kept in the draft.',
  'draft.keep': 'Keep a locked draft on this device',
  'draft.kept':
    'The draft is kept on this device, locked. Write this code down away from this device: you need it to open the draft.',
  'draft.codeLabel': 'Draft code',
  'draft.found':
    'A locked draft from this website is kept on this device. Type its code to put it back in the form, or delete it.',
  'draft.open': 'Open the draft',
  'draft.delete': 'Delete the draft',
  'draft.restored': 'The draft is back in the form. It stays on this device until your input is sent or you delete it.',
  'draft.deleted': 'The draft has been deleted from this device.',
  'draft.wrongCode': 'That code does not open the draft. Check it and try again.',
  'draft.failed': 'This browser could not keep a draft. Nothing was saved on this device.',
  'protect.pow.checking': 'Checking before sending. This takes a few seconds; your text is safe.',
  'protect.retention.form':
    'Contact details are erased {days} after your input is closed, and input marked as spam is deleted after {spamDays}.',
  'protect.days': { one: '{n} day', other: '{n} days' },
  'protect.minutes': { one: '{n} minute', other: '{n} minutes' },

  'privacy.link': 'Privacy',
  'privacy.formLink': 'Read the privacy notice',
  'privacy.title': 'Privacy notice',
  'privacy.intro':
    'What people send to Mashura can put them at risk. This page explains what we keep, who can see it, how long we keep it, and what we never collect.',
  'privacy.keep.heading': 'What we keep',
  'privacy.keep.input':
    'Your input, who it is for and its topics, and the answers you chose to give about yourself (where you are based, gender, disability).',
  'privacy.keep.contact':
    'If you gave them, your email address and organisation, encrypted so that only the Mashura staff who need them can read them. They are never sent to the donors.',
  'privacy.keep.codes': 'Your reference, and a scrambled form of your receipt code (we cannot read the code itself).',
  'privacy.never.heading': 'What we never keep',
  'privacy.never.body':
    'We do not ask your name. We do not store or log your IP address. There is no tracking and no analytics, and nothing on our pages is loaded from another website.',
  'privacy.who.heading': 'Who can see it',
  'privacy.who.body':
    'Staff at the Office of the UN Special Envoy for Syria read every input. The donors of the Civil Society Support Room see the input sent to them, never your contact details. Every time staff open contact details, it is recorded.',
  'privacy.retention.heading': 'How long we keep it',
  'privacy.retention.contact': 'Your email address and organisation are erased {days} after your input is closed.',
  'privacy.retention.spam': 'Input marked as spam is deleted {spamDays} after it was marked.',
  'privacy.retention.input':
    'Input without contact details is kept as the record of the consultation. Figures about it are only published in a way that cannot identify you.',
  'privacy.retention.counters':
    'To stop misuse, we count how much input each connection sends, under a scrambled code that changes every day and cannot be turned back into an address. These counts are deleted after about an hour.',
  'privacy.abuse.heading': 'How we stop misuse without tracking you',
  'privacy.abuse.body':
    'There is no puzzle to solve. Your browser does a small calculation while you write, and we limit how much can be sent from one connection. The form works without JavaScript too.',
  'privacy.cookies.heading': 'Cookies',
  'privacy.cookies.body':
    'Right after you send your input, one cookie carries your receipt code to the confirmation page, so that only you see it. The page deletes it as soon as it has shown the code, and it never outlives the browser window. Checking your input’s progress uses one more such cookie, deleted as soon as the result is shown. There are no other cookies.',
  'privacy.traces.heading': 'What your phone or computer may still show',
  'privacy.traces.history':
    'Your browser’s history can still list the pages you opened here, with their titles (for example “Your input has been received” or “Check your input”) and this site’s address. It does not keep your input, your receipt code or the result of a check: those pages are not saved, and opening them again does not show them.',
  'privacy.traces.what':
    'If someone else may look at your phone or computer, use a private (incognito) window, or delete this site from your browser’s history when you have finished. The “leave this page quickly” button takes you away from this site but does not clear your history. Your email keeps any acknowledgement we send; leaving no email address avoids it.',

  /** Between the groups of a code spelled out for screen readers: a pause. */
  'code.groupBreak': ', ',
  'sent.title': 'Your input has been received',
  'sent.reference.label': 'Your reference',
  'sent.receipt.label': 'Your receipt code',
  'sent.receipt.warning':
    'Write down or save this receipt code now, somewhere safe. It is shown only once and nobody can recover it. With the reference, it lets you see what happened to your input without an account.',
  'sent.receipt.gone':
    'For your safety, the receipt code is only shown right after sending. If you did not save it, you can still send new input.',
  'sent.next.heading': 'What happens next',
  'sent.next.stored': 'Your input is stored safely.',
  'sent.next.routed.ose': 'It is being sent to the Office of the UN Special Envoy for Syria.',
  'sent.next.routed.donors': 'It is being sent to the donors of the Civil Society Support Room.',
  'sent.next.routed.both':
    'It is being sent to the Office of the Special Envoy and to the donors of the Civil Society Support Room.',
  'sent.next.routed.unsure': 'Staff at the Special Envoy’s office will decide where it should go.',
  'sent.next.review': 'Staff read every input. They may answer publicly, and you will see the answer with your codes.',
  'sent.next.email': 'We will email you when there is an answer.',
  'sent.another': 'Send more input',

  'notFound.title': 'Page not found',
  'notFound.body': 'This page does not exist. Check the address, or go back to the form.',
  'error.page.title': 'Sorry, something went wrong',
  'error.page.body': 'Nothing you sent was lost. Please try again in a few minutes.',
  'error.tooLarge.title': 'Your input is too long to send',
  'error.tooLarge.body':
    'Nothing was saved. Go back, shorten your input to 5,000 characters or fewer, and send it again.',
  'error.badForm.title': 'That form could not be read',
  'error.badForm.body': 'Nothing was saved. Please go back, reload the page and send the form again.',
  'error.crossSite.title': 'This form was sent from another website',
  'error.crossSite.body':
    'Nothing was saved. For your safety, this form can only be sent from this site. If you meant to write to us, open the form here and send it again.',
  'page.backToForm': 'Go to the form',

  'mail.footer.automatic': 'This email was sent automatically by Mashura. Replies to it are not read.',
  'mail.statusLink': 'Open the status page',
  'mail.urgency.urgent': 'Urgent',
  'mail.urgency.normal': 'Not urgent',
  'mail.inbox.subject': 'New input',
  'mail.inbox.heading': 'New input through Mashura',
  'mail.inbox.urgentNote': 'Urgent: this input concerns people’s safety. Please triage it first.',
  'mail.inbox.triageDecision':
    'The person who wrote this was not sure who it is for: the Special Envoy’s office decides where it goes.',
  'mail.inbox.details': 'Details',
  'mail.inbox.reference': 'Reference',
  'mail.inbox.addressee': 'For',
  'mail.inbox.topics': 'Topics',
  'mail.inbox.urgency': 'Urgency',
  'mail.inbox.language': 'Language of the form',
  'mail.inbox.region': 'Based in',
  'mail.inbox.regionNone': 'Not given',
  'mail.inbox.message': 'The input',
  'mail.inbox.staffLink': 'Open this input in the staff view',
  'mail.inbox.privacy':
    'For the safety of the person who wrote it, this email contains no contact details or personal information.',
  'mail.reminder.subject': {
    one: 'Reminder: waiting {n} day',
    other: 'Reminder: waiting {n} days',
  },
  'mail.reminder.body': {
    one: 'Reminder: this input has waited {n} day without a triage decision.',
    other: 'Reminder: this input has waited {n} days without a triage decision.',
  },
  'mail.ack.subject': 'Your input has been received: {reference}',
  'mail.ack.heading': 'Your input has been received',
  'mail.ack.body': 'Thank you. Your input is stored safely and is on its way to the office you chose.',
  'mail.ack.reference': 'Your reference',
  'mail.ack.followUp':
    'To follow your input, open the status page and enter this reference together with the receipt code shown on the confirmation page after you sent it.',
  'mail.ack.receiptNote': 'For your safety, the receipt code is not in this email, and nobody can recover it.',
  'mail.ack.nothingNeeded': 'Nothing more is needed from you. We will email you when there is news.',
  'mail.ack.noText': 'This email does not include the text of your input, in case others can read your mailbox.',
  'mail.ack.notYou': 'If this email reached you by mistake, you can ignore it.',
  'mail.outcome.subject': 'News about your input: {reference}',
  'mail.outcome.heading': 'There is news about your input',
  'mail.outcome.body': 'To read it, open the status page and enter your reference and your receipt code.',
} as const;

/*
 * The parts are joined with Object.assign, not spread into the literal: V8 builds a large
 * literal followed by spreads property by property (measured: ~30 ms of a cold start for this
 * catalogue, against ~3 ms joined; docs/performance.md).
 */
export const en = Object.assign(
  // Three sources at most, so the result keeps its type (TypeScript's Object.assign overloads).
  Object.assign(publicEn, followUpEn, consultationsEn),
  consentEn,
  voiceEn,
);

/** Keys of the public catalogue (this one and the follow-up pages'). */
export type PublicMessageKey = keyof typeof en;
/**
 * Every key. The staff side's messages (staff.en.ts, staff.ar.ts) are a catalogue of their
 * own, added by the staff side when it loads (`useStaffCatalogues`): the public function
 * never carries them (docs/performance.md, "Cold starts").
 */
export type MessageKey = PublicMessageKey | keyof typeof staffEn;
