import type { MailSender, OutgoingEmail } from '#mail';

export interface CapturedEmail {
  to: string[];
  subject: string;
  html: string;
  text: string;
}

/** Everything aws-ses-v2-local has captured, oldest first. */
export async function capturedEmails(sesEndpoint: string): Promise<CapturedEmail[]> {
  const store = (await (await fetch(`${sesEndpoint}/store`)).json()) as {
    emails: { destination: { to: string[] }; subject: string; body: { html?: string; text?: string } }[];
  };
  return store.emails.map((email) => ({
    to: email.destination.to,
    subject: email.subject,
    html: email.body.html ?? '',
    text: email.body.text ?? '',
  }));
}

/** A sender that fails when `failure` says so, and otherwise passes the email on. */
export function faultySender(
  inner: MailSender,
  failure: (email: OutgoingEmail) => string | undefined,
): MailSender & {
  attempts: number;
} {
  const sender = {
    attempts: 0,
    async send(email: OutgoingEmail) {
      sender.attempts += 1;
      const name = failure(email);
      if (name) throw Object.assign(new Error(`injected ${name}`), { name });
      return inner.send(email);
    },
  };
  return sender;
}
