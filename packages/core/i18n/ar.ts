import type { Catalogue } from './index.ts';

/**
 * الكتالوج العربي. Gender-inclusive by construction: no gendered imperatives ("يُرجى
 * كتابة…" rather than "اكتب"), both forms where people are named (الناشطات والناشطون),
 * and second-person suffixes that read the same for women and men when unvocalised.
 */
export const ar: Catalogue = {
  'site.name': 'مشورة',
  'site.tagline': 'صوتك إلى المبعوث الخاص للأمم المتحدة إلى سوريا وإلى مانحي غرفة دعم المجتمع المدني',
  'nav.skip': 'الانتقال إلى المحتوى الرئيسي',
  'nav.language': 'English',
  'nav.languageName': 'الإنكليزية',
  'exit.label': 'مغادرة هذه الصفحة بسرعة',
  'exit.hint': 'يفتح موقعًا عاديًا على الفور.',

  'form.title': 'إرسال مشاركتك',
  'form.intro':
    'تنقل «مشورة» آراء المجتمع المدني السوري إلى مكتب المبعوث الخاص للأمم المتحدة إلى سوريا وإلى مانحي غرفة دعم المجتمع المدني. ما الذي يهمك؟ ما الذي يجب أن يتغير، وما الذي ينقص، وما المطلوب منهم فعله؟',
  'form.anonymous.heading': 'لا حاجة إلى ذكر اسمك',
  'form.anonymous.body':
    'لا نطلب اسمك أبدًا، ولا نسجّل عنوان IP الخاص بجهازك. كل الأسئلة اختيارية ما عدا الثلاثة الأولى. إذا تركت عنوان بريد إلكتروني فلا يراه إلا فريق «مشورة»: يُحفظ مشفّرًا، ولا يُرسل إلى المانحين أبدًا، ويُحذف بعد 90 يومًا من إغلاق مشاركتك.',
  'form.data.heading': 'ماذا يحدث لمشاركتك',
  'form.data.body':
    'تُحفظ مشاركتك بأمان وتُرسل بالبريد الإلكتروني إلى الجهة المختارة. يقرؤها فريق مكتب المبعوث الخاص، وقد يحيلها إلى المانحين، وقد يكتب ردًا علنيًا. قد تُنشر أرقام عن المواضيع التي يطرحها الناس، ولكن أبدًا بطريقة تكشف هويتك.',
  'form.required': 'مطلوب',
  'form.optional': 'اختياري',
  'form.submit': 'إرسال المشاركة',
  'form.optionalHeading': 'عنك (اختياري)',
  'form.optionalHint': 'يساعد هذا على معرفة من تصل أصواتهم. يمكن ترك أي سؤال دون إجابة.',

  'field.addressee.legend': 'لمن توجَّه مشاركتك؟',
  'addressee.ose': 'مكتب المبعوث الخاص للأمم المتحدة إلى سوريا',
  'addressee.donors': 'مانحو غرفة دعم المجتمع المدني',
  'addressee.both': 'كلاهما',
  'addressee.unsure': 'لا أعرف: يقرر مكتب المبعوث الخاص',

  'field.topics.legend': 'عمَّ تتحدث مشاركتك؟',
  'field.topics.hint': 'يمكن اختيار أكثر من موضوع.',
  'field.topics.oseGroup': 'مواضيع طُرحت على المبعوث الخاص',
  'field.topics.donorsGroup': 'مواضيع طُرحت على المانحين',

  'field.message.label': 'نص المشاركة',
  'field.message.hint': 'يمكن الكتابة بالعربية أو الإنكليزية أو بأي لغة أخرى. الحد الأقصى {max} حرف.',
  'count.remaining': {
    zero: 'لم يبقَ أي حرف',
    one: 'بقي حرف واحد',
    two: 'بقي حرفان',
    few: 'بقيت {n} أحرف',
    many: 'بقي {n} حرفًا',
    other: 'بقي {n} حرف',
  },
  'count.over': {
    one: 'تجاوز النص الحد بحرف واحد',
    two: 'تجاوز النص الحد بحرفين',
    few: 'تجاوز النص الحد بـ{n} أحرف',
    many: 'تجاوز النص الحد بـ{n} حرفًا',
    other: 'تجاوز النص الحد بـ{n} حرف',
  },

  'field.region.label': 'مكان الإقامة الحالي',
  'field.region.none': 'أفضّل عدم الإجابة',
  'region.syria-northwest': 'سوريا: الشمال الغربي',
  'region.syria-northeast': 'سوريا: الشمال الشرقي',
  'region.syria-north': 'سوريا: الشمال (حلب)',
  'region.syria-central': 'سوريا: الوسط (حمص وحماة)',
  'region.syria-coast': 'سوريا: الساحل',
  'region.syria-damascus': 'سوريا: دمشق وريفها',
  'region.syria-south': 'سوريا: الجنوب',
  'region.syria-east': 'سوريا: الشرق',
  'region.turkey': 'تركيا',
  'region.lebanon': 'لبنان',
  'region.jordan': 'الأردن',
  'region.iraq': 'العراق',
  'region.europe': 'أوروبا',
  'region.elsewhere': 'مكان آخر',

  'field.gender.legend': 'الجنس',
  'gender.woman': 'امرأة',
  'gender.man': 'رجل',
  'gender.another': 'غير ذلك',
  'field.disability.legend': 'هل لديك إعاقة؟',
  'disability.yes': 'نعم',
  'disability.no': 'لا',
  'field.choice.none': 'أفضّل عدم الإجابة',

  'field.organisation.label': 'المنظمة',
  'field.organisation.hint': 'إذا كانت المشاركة باسم منظمة.',
  'field.email.label': 'بريد إلكتروني لتلقي الرد',
  'field.email.hint':
    'فقط عند الرغبة في تلقي الردود بالبريد. تركه فارغًا يُبقي المشاركة دون أي وسيلة للتعرف عليك: تبقى متابعة مشاركتك ممكنة بالرمزين اللذين يظهران بعد الإرسال.',

  'error.titlePrefix': 'خطأ:',
  'error.summary.title': 'هناك مشكلة',
  'error.invalid': 'هذه الإجابة ليست من الخيارات المتاحة. يُرجى الاختيار مرة أخرى.',
  'error.formToken': 'انتهت صلاحية النموذج. يُرجى مراجعة الإجابات وإرسالها مرة أخرى.',
  'error.addressee.required': 'يُرجى اختيار الجهة التي توجَّه إليها المشاركة',
  'error.topics.required': 'يُرجى اختيار موضوع واحد على الأقل',
  'error.topics.invalid': 'يُرجى اختيار المواضيع من القائمة',
  'error.message.required': 'يُرجى كتابة نص المشاركة',
  'error.message.tooLong': 'يجب ألا يزيد نص المشاركة على {max} حرف',
  'error.organisation.tooLong': 'يجب ألا يزيد اسم المنظمة على {max} حرف',
  'error.email.invalid': 'يُرجى إدخال بريد إلكتروني مثل name@example.org، أو تركه فارغًا',
  'error.collision': 'حدث خطأ من جهتنا. نصك ما زال هنا: يُرجى إرساله مرة أخرى.',
  'error.unavailable': 'الخدمة مشغولة. لم يُحفظ شيء ونصك ما زال هنا: يُرجى إرساله مرة أخرى بعد دقيقة.',

  'sent.title': 'وصلت مشاركتك',
  'sent.reference.label': 'الرقم المرجعي',
  'sent.receipt.label': 'رمز الاستلام',
  'sent.receipt.warning':
    'يُرجى تدوين رمز الاستلام هذا أو حفظه الآن في مكان آمن. لن يظهر مرة أخرى ولا يمكن لأحد استعادته. مع الرقم المرجعي، يتيح لك معرفة ما حدث لمشاركتك دون حساب.',
  'sent.receipt.gone':
    'حرصًا على سلامتك، لا يظهر رمز الاستلام إلا بعد الإرسال مباشرة. إن لم يُحفظ، يمكنك دائمًا إرسال مشاركة جديدة.',
  'sent.next.heading': 'ماذا سيحدث بعد ذلك',
  'sent.next.stored': 'حُفظت مشاركتك بأمان.',
  'sent.next.routed.ose': 'تُرسل الآن إلى مكتب المبعوث الخاص للأمم المتحدة إلى سوريا.',
  'sent.next.routed.donors': 'تُرسل الآن إلى مانحي غرفة دعم المجتمع المدني.',
  'sent.next.routed.both': 'تُرسل الآن إلى مكتب المبعوث الخاص وإلى مانحي غرفة دعم المجتمع المدني.',
  'sent.next.routed.unsure': 'سيقرر فريق مكتب المبعوث الخاص الجهة المناسبة لها.',
  'sent.next.review': 'يقرأ الفريق كل مشاركة. قد يكتب ردًا علنيًا، وستراه باستخدام الرمزين.',
  'sent.next.email': 'سنرسل إليك رسالة بالبريد الإلكتروني عندما يصل رد.',
  'sent.another': 'إرسال مشاركة أخرى',

  'notFound.title': 'الصفحة غير موجودة',
  'notFound.body': 'هذه الصفحة غير موجودة. يُرجى التحقق من العنوان أو العودة إلى النموذج.',
  'error.page.title': 'عذرًا، حدث خطأ',
  'error.page.body': 'لم يضِع شيء مما أرسلته. يُرجى المحاولة مرة أخرى بعد بضع دقائق.',
  'error.tooLarge.title': 'المشاركة أطول من أن تُرسل',
  'error.tooLarge.body': 'لم يُحفظ شيء. يُرجى الرجوع وتقصير النص إلى 5000 حرف أو أقل ثم إرساله مرة أخرى.',
  'page.backToForm': 'الذهاب إلى النموذج',
};
