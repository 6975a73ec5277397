import type { searchEn } from './search.en.ts';

type PluralForms = Partial<Record<Intl.LDMLPluralRule, string>> & { other: string };

/**
 * النصوص العربية للبحث والمشاركات المتشابهة (issue 15), spread into ar.ts. Gender-inclusive
 * like the rest of the staff side: masdar and passive forms, no gendered imperatives.
 */
export const searchAr: { readonly [K in keyof typeof searchEn]: string | PluralForms } = {
  'search.landmark': 'البحث في المشاركات',
  'search.label': 'بحث',
  'search.hint':
    'يجب أن ترد كل الكلمات؛ وتوضع العبارة بين علامتَي تنصيص. أي كتابة للكلمة تجد الكتابات الأخرى (أ أو ا، ة أو ه، بالتشكيل أو بدونه). يشمل البحث نصوص المشاركات ونصوص التسجيلات الصوتية والردود العلنية والملاحظات، ولا يشمل بيانات التواصل أبدًا.',
  'search.submit': 'بحث',
  'search.clear': 'مسح البحث',
  'search.caption': 'المشاركات المطابقة لـ«{query}»: {status}، {order}',
  'search.captionPage': 'المشاركات المطابقة لـ«{query}»: {status}، {order}، تتمة',
  'search.found': {
    zero: 'لا توجد في هذه الصفحة مشاركة تطابق «{query}».',
    one: 'مشاركة واحدة في هذه الصفحة تطابق «{query}».',
    two: 'مشاركتان في هذه الصفحة تطابقان «{query}».',
    few: '{n} مشاركات في هذه الصفحة تطابق «{query}».',
    many: '{n} مشاركة في هذه الصفحة تطابق «{query}».',
    other: '{n} مشاركة في هذه الصفحة تطابق «{query}».',
  },
  'search.none': 'لا شيء يطابق «{query}» مع عوامل التصفية هذه.',
  'search.partial': 'توقف البحث بعد قراءة حصته؛ وتتابع الصفحة التالية من حيث توقف.',
  'search.nothingToSearch': 'يُرجى كتابة كلمة واحدة على الأقل للبحث.',
  'search.col.passage': 'موضع المطابقة',
  'search.field.message': 'المشاركة',
  'search.field.reply': 'الرد العلني',
  'search.field.note': 'ملاحظة',
  'search.field.transcript': 'نص التسجيل (كتبه الموظفون)',

  'group.similar': {
    zero: 'ولا مشاركات مشابهة',
    one: 'ومشاركة واحدة مشابهة',
    two: 'ومشاركتان مشابهتان',
    few: 'و{n} مشاركات مشابهة',
    many: 'و{n} مشاركة مشابهة',
    other: 'و{n} مشاركة مشابهة',
  },
  'group.campaign': 'حملة',
  'group.campaignHint': '{size} مشاركة مشابهة أو أكثر خلال {hours} ساعة. تُحفظ كل مشاركة منها وتُحتسب.',
  'group.title': 'مشاركات متشابهة',
  'group.intro':
    'نصوص هذه المشاركات شبه متطابقة. تُحفظ كل مشاركة وتُحتسب ويُرَد عليها على حدة؛ والقرار المتخذ هنا يُتخذ لكل واحدة منها ويُسجَّل في سجل تدقيقها.',
  'group.caption': {
    zero: 'لا مشاركات في هذه المجموعة',
    one: 'مشاركة واحدة في هذه المجموعة، الأحدث أولًا',
    two: 'مشاركتان في هذه المجموعة، الأحدث أولًا',
    few: '{n} مشاركات في هذه المجموعة، الأحدث أولًا',
    many: '{n} مشاركة في هذه المجموعة، الأحدث أولًا',
    other: '{n} مشاركة في هذه المجموعة، الأحدث أولًا',
  },
  'group.hidden': 'بعض مشاركات هذه المجموعة غير معروضة لأن دورك لا يتيح الاطلاع عليها.',
  'group.decide': 'قرار للمجموعة كلها',
  'group.decideHint':
    'يُطبَّق على كل مشاركة معروضة أعلاه كما تظهر في هذه الصفحة. وإن غيّر أحدٌ مشاركةً في الأثناء تُترك كما هي وتُذكر، ويمضي القرار في البقية.',
  'group.status.any': 'اختيار حالة',
  'group.status.keep': 'إبقاء حالة كل مشاركة كما هي',
  'group.result.done': {
    zero: 'لم تتغير أي مشاركة.',
    one: 'تغيّرت مشاركة واحدة.',
    two: 'تغيّرت مشاركتان.',
    few: 'تغيّرت {n} مشاركات.',
    many: 'تغيّرت {n} مشاركة.',
    other: 'تغيّرت {n} مشاركة.',
  },
  'group.result.problems': 'لم تتغير:',
  'group.result.conflict': 'غيّرها أحدٌ بعد تحميل هذه الصفحة. يُرجى فتحها للاطلاع على التغيير.',
  'group.result.transition': 'لا يُسمح بهذا التغيير في الحالة انطلاقًا من «{status}».',
  'group.result.unchanged': 'لا شيء يتغير: هذا هو الحال أصلًا.',
  'group.result.notRouted': 'ما زال توجيهها جاريًا.',
  'group.result.notFound': 'لم تعد موجودة أو لا يتيح دورك الاطلاع عليها.',
  'group.result.notPermitted': 'دورك لا يتيح ذلك.',
  'group.result.invalid': 'النص أو الزميل أو الزميلة غير صالح.',
  'group.submissionSimilar': 'مشاركات مشابهة',
  'group.submissionNone': 'لا توجد مشاركات مشابهة.',
  'group.open': {
    zero: 'فتح المجموعة',
    one: 'فتح المجموعة (مشاركة واحدة) لاتخاذ قرار لها كلها',
    two: 'فتح المجموعة (مشاركتان) لاتخاذ قرار لها كلها',
    few: 'فتح المجموعة ({n} مشاركات) لاتخاذ قرار لها كلها',
    many: 'فتح المجموعة ({n} مشاركة) لاتخاذ قرار لها كلها',
    other: 'فتح المجموعة ({n} مشاركة) لاتخاذ قرار لها كلها',
  },
};
