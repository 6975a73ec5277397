import type { Inbox } from './inboxes.ts';
/**
 * The topic list, taken from the themes of the CSSR Turkey consultation (June 2020)
 * summarised in shared/context/BRIEF.md. It is data: add, reword or retire topics here
 * without touching code. `urgent` topics concern people's safety and go first in queues.
 * Labels are gender-inclusive in Arabic, as the report itself writes.
 */
export interface Topic {
  readonly id: string;
  /** Which statement of the consultation raised it; informs routing suggestions only. */
  readonly raisedFor: Inbox;
  readonly urgent: boolean;
  readonly label: { readonly ar: string; readonly en: string };
}

export const TOPICS = [
  {
    id: 'detainees',
    raisedFor: 'ose',
    urgent: true,
    label: {
      ar: 'المعتقلات والمعتقلون والمختطفات والمختطفون والمغيبات والمغيبون قسرياً',
      en: 'Detainees, abductees and the forcibly disappeared',
    },
  },
  {
    id: 'protection-of-civilians',
    raisedFor: 'ose',
    urgent: true,
    label: {
      ar: 'وقف إطلاق النار وحماية المدنيات والمدنيين والمشافي والمدارس والعاملات والعاملين الإنسانيين',
      en: 'Ceasefire and protection of civilians, hospitals, schools and humanitarian workers',
    },
  },
  {
    id: 'disability-inclusion',
    raisedFor: 'ose',
    urgent: false,
    label: {
      ar: 'إدماج ذوات وذوي الإعاقة',
      en: 'Inclusion of persons with disabilities',
    },
  },
  {
    id: 'sanctions',
    raisedFor: 'ose',
    urgent: false,
    label: {
      ar: 'الآثار الاقتصادية للعقوبات على المدنيات والمدنيين',
      en: 'Economic effects of sanctions on civilians',
    },
  },
  {
    id: 'humanitarian-access',
    raisedFor: 'ose',
    urgent: false,
    label: {
      ar: 'وصول المساعدات الإنسانية والمساعدات عبر الحدود',
      en: 'Humanitarian access and cross-border aid',
    },
  },
  {
    id: 'displacement-and-return',
    raisedFor: 'ose',
    urgent: false,
    label: {
      ar: 'المهجرات والمهجرون: العودة الطوعية والآمنة والكريمة، والأملاك',
      en: 'Displaced people: safe, voluntary and dignified return; property',
    },
  },
  {
    id: 'education',
    raisedFor: 'ose',
    urgent: false,
    label: {
      ar: 'التعليم بكل مراحله والهوية الوطنية الجامعة',
      en: 'Education at every level and a shared national identity',
    },
  },
  {
    id: 'recovery-from-violence',
    raisedFor: 'ose',
    urgent: false,
    label: {
      ar: 'التوعية المجتمعية والتعافي من آثار الإرهاب والتطرف والعنف',
      en: 'Community awareness and recovery from terrorism, extremism and violence',
    },
  },
  {
    id: 'political-transition',
    raisedFor: 'ose',
    urgent: false,
    label: {
      ar: 'الانتقال السياسي وفق قرار مجلس الأمن ٢٢٥٤ وانتخابات حرة ونزيهة',
      en: 'Political transition under Security Council resolution 2254; free and fair elections',
    },
  },
  {
    id: 'civic-space',
    raisedFor: 'ose',
    urgent: false,
    label: {
      ar: 'المساحة المدنية: حماية الناشطات والناشطين، وتمثيل متوازن لكل المناطق والمكونات',
      en: 'Civic space: protecting activists; balanced representation of every region and community',
    },
  },
  {
    id: 'cultural-heritage',
    raisedFor: 'ose',
    urgent: false,
    label: {
      ar: 'حماية التراث الثقافي السوري من التخريب والتهريب',
      en: 'Protecting Syrian cultural heritage from destruction and smuggling',
    },
  },
  {
    id: 'cssr-ownership',
    raisedFor: 'donors',
    urgent: false,
    label: {
      ar: 'الملكية السورية للغرفة: الرؤية والبنية والشفافية والمساءلة',
      en: 'Syrian ownership of the CSSR: vision, structure, transparency, accountability',
    },
  },
  {
    id: 'inclusive-participation',
    raisedFor: 'donors',
    urgent: false,
    label: {
      ar: 'الدعم المالي واللوجستي لمشاركة شاملة، ولا سيما من الداخل السوري',
      en: 'Financial and logistic support for inclusive participation, especially from inside Syria',
    },
  },
  {
    id: 'protecting-civil-workers',
    raisedFor: 'donors',
    urgent: false,
    label: {
      ar: 'حماية المساحة المدنية والعاملات والعاملين في الشأن المدني والإنساني',
      en: 'Protecting civic space and civil and humanitarian workers',
    },
  },
  {
    id: 'balanced-representation',
    raisedFor: 'donors',
    urgent: false,
    label: {
      ar: 'التشاور لتمثيل متوازن لكل مكونات المجتمع السوري',
      en: 'Consultation for balanced representation of all parts of Syrian society',
    },
  },
  {
    id: 'advocacy',
    raisedFor: 'donors',
    urgent: false,
    label: {
      ar: 'المناصرة لدى صانعات وصانعي القرار لإشراك المجتمع المدني',
      en: 'Advocacy with decision makers to include civil society',
    },
  },
  {
    id: 'constitutional-committee',
    raisedFor: 'donors',
    urgent: false,
    label: {
      ar: 'التنسيق مع الثلث الأوسط في اللجنة الدستورية',
      en: 'Coordination with the middle third of the Constitutional Committee',
    },
  },
  {
    id: 'womens-advisory-board',
    raisedFor: 'donors',
    urgent: false,
    label: {
      ar: 'شفافية حوكمة المجلس الاستشاري النسائي وأنشطته ومخرجاته',
      en: "Transparency of the Women's Advisory Board's governance, activities and outputs",
    },
  },
  {
    id: 'other',
    raisedFor: 'ose',
    urgent: false,
    label: { ar: 'موضوع آخر', en: 'Something else' },
  },
] as const satisfies readonly Topic[];

export type TopicId = (typeof TOPICS)[number]['id'];

export const TOPIC_IDS = TOPICS.map((topic) => topic.id) as [TopicId, ...TopicId[]];

export function findTopic(id: string): Topic | undefined {
  return TOPICS.find((topic) => topic.id === id);
}
