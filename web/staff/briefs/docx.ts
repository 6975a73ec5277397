import {
  AlignmentType,
  Document,
  HeadingLevel,
  Packer,
  Paragraph,
  Table,
  TableCell,
  TableRow,
  TextRun,
  WidthType,
} from 'docx';
import type { BriefVersion, Language, Translate } from '#core';
import { inContentLanguage, isRtl, similarNote } from '#core';
import { addresseeLabel, briefTables, periodLabel, topicLabel, totalSentence } from './document.tsx';

/**
 * The brief as a Word file staff can edit, built with the `docx` package: the same headings,
 * tables and quotes as the page, in the page's language. Arabic paragraphs are bidirectional
 * with right-to-left runs, and tables are laid out right to left.
 */
export async function briefDocx(
  t: Translate,
  language: Language,
  version: BriefVersion,
  withBreakdown: boolean,
): Promise<Buffer> {
  const rtl = isRtl(language);
  const run = (text: string, options: { bold?: boolean; italics?: boolean } = {}) =>
    new TextRun({ text, rightToLeft: rtl, ...options });
  const paragraph = (text: string, options: { heading?: (typeof HeadingLevel)[keyof typeof HeadingLevel] } = {}) =>
    new Paragraph({
      children: [run(text)],
      bidirectional: rtl,
      alignment: rtl ? AlignmentType.RIGHT : AlignmentType.LEFT,
      ...(options.heading ? { heading: options.heading } : {}),
    });

  const children: (Paragraph | Table)[] = [
    paragraph(t('briefs.heading', { period: periodLabel(language, version) }), { heading: HeadingLevel.TITLE }),
    paragraph(t('briefs.for', { addressee: addresseeLabel(t, version.addressee) })),
    paragraph(t('briefs.versionLine', { n: version.version })),
  ];
  if (inContentLanguage(version.intro, language)) {
    children.push(paragraph(t('briefs.introHeading'), { heading: HeadingLevel.HEADING_1 }));
    children.push(paragraph(inContentLanguage(version.intro, language)));
  }
  children.push(paragraph(t('briefs.figuresHeading'), { heading: HeadingLevel.HEADING_1 }));
  children.push(paragraph(totalSentence(t, language, version)));
  const similar = similarNote(t, language, version);
  for (const line of [similar.sentence, ...similar.campaigns]) children.push(paragraph(line));
  children.push(paragraph(t('briefs.suppressionNote')));
  for (const table of briefTables(t, language, version, withBreakdown)) {
    children.push(paragraph(table.caption, { heading: HeadingLevel.HEADING_2 }));
    const cell = (text: string, bold = false) =>
      new TableCell({
        children: [
          new Paragraph({
            children: [run(text, { bold })],
            bidirectional: rtl,
            alignment: rtl ? AlignmentType.RIGHT : AlignmentType.LEFT,
          }),
        ],
      });
    children.push(
      new Table({
        width: { size: 100, type: WidthType.PERCENTAGE },
        visuallyRightToLeft: rtl,
        rows: [
          new TableRow({ tableHeader: true, children: table.columns.map((column) => cell(column, true)) }),
          ...table.rows.map(
            (row) => new TableRow({ children: [cell(row.heading, true), ...row.cells.map((text) => cell(text))] }),
          ),
        ],
      }),
    );
  }
  for (const topic of version.topics) {
    children.push(paragraph(topicLabel(language, topic), { heading: HeadingLevel.HEADING_1 }));
    const note = inContentLanguage(version.notes[topic], language);
    if (note) children.push(paragraph(note));
    for (const quote of version.quotes.filter((q) => q.topic === topic)) {
      // A quote keeps its own direction: Arabic or English, whatever the brief's language.
      const quoteRtl = /[\u0600-\u06FF]/.test(quote.text);
      children.push(
        new Paragraph({
          children: [new TextRun({ text: `«${quote.text}»`, rightToLeft: quoteRtl, italics: true })],
          bidirectional: quoteRtl,
          alignment: quoteRtl ? AlignmentType.RIGHT : AlignmentType.LEFT,
          style: 'Quote',
        }),
      );
    }
  }

  const document = new Document({
    creator: 'Mashura',
    title: t('briefs.heading', { period: periodLabel(language, version) }),
    styles: {
      default: { document: { run: { font: 'Arial', size: 24 } } },
      paragraphStyles: [
        {
          id: 'Quote',
          name: 'Quote',
          basedOn: 'Normal',
          run: { italics: true },
          paragraph: { indent: { start: 720, end: 720 }, spacing: { before: 120, after: 120 } },
        },
      ],
    },
    sections: [{ properties: {}, children }],
  });
  return Packer.toBuffer(document);
}
