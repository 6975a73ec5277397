/**
 * Checks that run inside the page (Chromium computes the styles and the layout), written
 * as plain JavaScript in a string: functions passed to page.evaluate are serialised with
 * toString(), and whatever a TypeScript transform adds to them (helpers, renamed imports)
 * would be missing in the page. Each check is a pure function of the DOM and returns data;
 * the assertions stay in the test files.
 */
import type { Page } from 'playwright-core';
import { LANGUAGE_TABLE, type Language, translator } from '#core';

/**
 * Our goal is WCAG 2.2 SC 1.4.6 (AAA): 7:1 for text, 4.5:1 for large text (≥ 24 px, or
 * ≥ 18.66 px bold). 1.4.3 (AA, 4.5 and 3) follows.
 */
export const TEXT_RATIO = 7;
export const LARGE_TEXT_RATIO = 4.5;
/** WCAG 2.2 SC 1.4.11: 3:1 for the parts of a focus indicator against what is next to it. */
export const NON_TEXT_RATIO = 3;
/** WCAG 2.2 SC 2.5.8 (AA): 24 by 24 CSS px, or spaced so a 24 px circle touches nothing. */
export const TARGET_MIN = 24;

/**
 * The focused element and its description: all that a Tab press needs to read, kept apart
 * so that tabbing ships this and not the whole library (with its canvas) on every press.
 */
const FOCUS_LIBRARY = String.raw`
/** A short, readable path to an element for failure messages. */
function describe(el) {
  var parts = [];
  for (var n = el; n && n.nodeType === 1 && parts.length < 4; n = n.parentElement) {
    var part = n.localName;
    if (n.id) { parts.unshift(part + '#' + n.id); break; }
    if (n.classList.length) part += '.' + Array.prototype.join.call(n.classList, '.');
    parts.unshift(part);
  }
  return parts.join(' > ');
}

/** The element that has focus, described for messages and identity. */
function active() {
  var el = document.activeElement;
  if (!el || el === document.body) return { element: 'body', tag: 'body', id: '', name: '', text: '', tabbable: false };
  return { element: describe(el), tag: el.localName, id: el.id, name: el.getAttribute('name') || '',
    text: (el.textContent || '').replace(/\s+/g, ' ').trim().slice(0, 80), tabbable: el.tabIndex >= 0,
    width: el.getBoundingClientRect().width, height: el.getBoundingClientRect().height };
}
`;

const LIBRARY = String.raw`${FOCUS_LIBRARY}
var TEXT_RATIO = ${TEXT_RATIO}, LARGE_TEXT_RATIO = ${LARGE_TEXT_RATIO}, NON_TEXT_RATIO = ${NON_TEXT_RATIO}, TARGET_MIN = ${TARGET_MIN};
var ARABIC = /[\u0600-\u06FF\u0750-\u077F\u08A0-\u08FF\uFB50-\uFDFF\uFE70-\uFEFF]/;

var canvas = document.createElement('canvas');
canvas.width = 1; canvas.height = 1;
var ctx = canvas.getContext('2d', { willReadFrequently: true });

/** Any CSS colour → [r, g, b, a] in sRGB 0-255 and alpha 0-1, by letting the canvas parse and paint it. */
function rgba(css) {
  ctx.clearRect(0, 0, 1, 1);
  ctx.fillStyle = 'rgba(0,0,0,0)';
  ctx.fillStyle = css;
  ctx.fillRect(0, 0, 1, 1);
  var d = ctx.getImageData(0, 0, 1, 1).data;
  return [d[0], d[1], d[2], d[3] / 255];
}

/** Source-over compositing of a colour with alpha onto an opaque colour. */
function over(top, bottom) {
  var a = top[3];
  return [0, 1, 2].map(function (i) { return top[i] * a + bottom[i] * (1 - a); }).concat([1]);
}

function channel(v) {
  v = v / 255;
  return v <= 0.04045 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4);
}
function luminance(c) { return 0.2126 * channel(c[0]) + 0.7152 * channel(c[1]) + 0.0722 * channel(c[2]); }
function ratio(a, b) {
  var la = luminance(a), lb = luminance(b);
  return (Math.max(la, lb) + 0.05) / (Math.min(la, lb) + 0.05);
}
function hex(c) {
  return '#' + c.slice(0, 3).map(function (v) { return Math.round(v).toString(16).padStart(2, '0'); }).join('');
}

/**
 * What is painted behind an element: its own background and its ancestors', composited
 * from the first opaque one (or the white canvas) upwards. A background image or gradient
 * makes the answer unknowable from styles, and is reported as such (the check fails).
 */
function backgroundBehind(el) {
  var layers = [];
  for (var n = el; n && n.nodeType === 1; n = n.parentElement) {
    var cs = getComputedStyle(n);
    if (cs.backgroundImage && cs.backgroundImage !== 'none') return { unknown: 'background-image on ' + describe(n) };
    var c = rgba(cs.backgroundColor);
    if (c[3] > 0) { layers.push(c); if (c[3] >= 1) break; }
  }
  var result = [255, 255, 255, 1];
  for (var i = layers.length - 1; i >= 0; i--) result = over(layers[i], result);
  return { color: result };
}

function opacityOf(el) {
  var o = 1;
  for (var n = el; n && n.nodeType === 1; n = n.parentElement) o *= Number(getComputedStyle(n).opacity);
  return o;
}

/** Hidden from sight on purpose: not rendered, invisible, or clipped to a 1 px box (.visually-hidden). */
function notSeen(el) {
  if (!el.getClientRects().length) return true;
  // Closed <details> content keeps its boxes in Chromium (content-visibility: hidden).
  if (el.checkVisibility && !el.checkVisibility({ contentVisibilityAuto: true, visibilityProperty: true })) return true;
  if (getComputedStyle(el).visibility !== 'visible') return true;
  for (var n = el; n && n.nodeType === 1; n = n.parentElement) {
    var cs = getComputedStyle(n);
    var r = n.getBoundingClientRect();
    if ((r.width <= 1 || r.height <= 1) && (cs.overflow !== 'visible' || cs.clipPath !== 'none')) return true;
    // Clipped away whatever its size (under CSS zoom the 1 px box measures 4 px).
    if (cs.position === 'absolute' && cs.clip && cs.clip !== 'auto') return true;
  }
  return false;
}

function directText(el) {
  var text = '';
  for (var c = el.firstChild; c; c = c.nextSibling) if (c.nodeType === 3) text += c.data;
  return text.replace(/\s+/g, ' ').trim();
}

var FIELD = 'input:not([type=hidden]):not([type=radio]):not([type=checkbox]):not([type=submit]):not([type=button]), textarea, select';

/** The text a form control shows, which lives in its value rather than in text nodes. */
function controlText(el) {
  if (el.localName === 'select') return el.selectedIndex >= 0 ? el.options[el.selectedIndex].text.trim() : '';
  return (el.value || el.getAttribute('placeholder') || '').trim();
}

/**
 * Text contrast over every element that paints text: elements with direct, non-blank text
 * nodes (Arabic included: unlike axe, nothing is skipped for joined scripts) and form
 * controls with a value. Returns every failure and a tally, so a test can also prove the
 * check looked at Arabic text at all.
 */
function contrast(rootSelector) {
  var root = rootSelector ? document.querySelector(rootSelector) : document.body;
  var scope = root ? [root].concat(Array.prototype.slice.call(root.querySelectorAll('*'))) : [];
  var failures = [], checked = 0, arabic = 0, unknown = [];
  scope.forEach(function (el) {
    if (/^(script|style|template|option|optgroup|noscript|head|title)$/.test(el.localName)) return;
    var isField = el.matches(FIELD);
    var text = isField ? controlText(el) : directText(el);
    if (!text || notSeen(el)) return;
    var cs = getComputedStyle(el);
    var bg = backgroundBehind(el);
    if (bg.unknown) { unknown.push({ element: describe(el), text: text.slice(0, 60), reason: bg.unknown }); return; }
    var fg = rgba(cs.color);
    fg[3] = fg[3] * opacityOf(el);
    var shown = over(fg, bg.color);
    var size = parseFloat(cs.fontSize);
    var bold = Number(cs.fontWeight) >= 700;
    var large = size >= 24 || (bold && size >= 18.66);
    var required = large ? LARGE_TEXT_RATIO : TEXT_RATIO;
    var r = ratio(shown, bg.color);
    checked += 1;
    if (ARABIC.test(text)) arabic += 1;
    if (r < required) {
      failures.push({
        element: describe(el), text: text.slice(0, 60), color: hex(shown), background: hex(bg.color),
        ratio: Math.round(r * 100) / 100, required: required, fontSize: size, bold: bold,
      });
    }
  });
  return { failures: failures, unknown: unknown, checked: checked, arabic: arabic };
}

/** The visual properties a focus indicator can change. */
function focusStyle(el) {
  var cs = getComputedStyle(el);
  return {
    outlineStyle: cs.outlineStyle, outlineWidth: parseFloat(cs.outlineWidth), outlineColor: cs.outlineColor,
    boxShadow: cs.boxShadow, backgroundColor: cs.backgroundColor, color: cs.color,
    border: cs.borderTopColor + ' ' + cs.borderTopWidth + ' ' + cs.borderBottomColor + ' ' + cs.borderBottomWidth,
    textDecoration: cs.textDecorationLine,
  };
}

/**
 * Whether the focused element shows a focus indicator that differs from its unfocused
 * look, and how strongly that indicator stands out (WCAG 1.4.11: 3:1 against what is next
 * to it). Indicator parts: a visible outline, a box shadow, a new background colour.
 */
function focusIndicator(before) {
  var el = document.activeElement;
  var now = focusStyle(el);
  var around = backgroundBehind(el.parentElement || document.body);
  var behind = around.color || [255, 255, 255, 1];
  var own = backgroundBehind(el).color || behind;
  var parts = [];
  if (now.outlineStyle !== 'none' && now.outlineWidth >= 1) {
    var oc = rgba(now.outlineColor);
    if (oc[3] > 0) parts.push({ kind: 'outline', ratio: ratio(over(oc, behind), behind) });
  }
  if (now.boxShadow !== 'none' && now.boxShadow !== before.boxShadow) {
    var inset = /inset/.test(now.boxShadow);
    (now.boxShadow.match(/(rgba?|hsla?|color|oklch|oklab|lab|lch)\([^)]*\)|#[0-9a-f]{3,8}/gi) || []).forEach(function (c) {
      var sc = rgba(c);
      if (sc[3] > 0) {
        var base = inset ? own : behind;
        parts.push({ kind: 'box-shadow', ratio: ratio(over(sc, base), base) });
      }
    });
  }
  if (now.backgroundColor !== before.backgroundColor) {
    var nb = rgba(now.backgroundColor);
    if (nb[3] > 0) {
      parts.push({ kind: 'background', ratio: ratio(over(nb, behind), behind) });
      var was = over(rgba(before.backgroundColor), behind);
      parts.push({ kind: 'background-change', ratio: ratio(over(nb, behind), was) });
    }
  }
  var best = parts.reduce(function (m, p) { return Math.max(m, p.ratio); }, 0);
  return {
    element: describe(el), parts: parts.map(function (p) { return p.kind + ' ' + (Math.round(p.ratio * 100) / 100); }),
    best: Math.round(best * 100) / 100,
    aaa: focusAppearance(el, now, before, behind, own),
  };
}

/** The box shadows of a computed box-shadow value: colour, offsets, spread, inset. */
function shadows(value) {
  if (!value || value === 'none') return [];
  return value.split(/,(?![^(]*\))/).map(function (part) {
    var color = (part.match(/(rgba?|hsla?|color|oklch|oklab|lab|lch)\([^)]*\)|#[0-9a-f]{3,8}/i) || ['transparent'])[0];
    var numbers = part.replace(color, '').match(/-?[\d.]+px/g) || [];
    var n = numbers.map(parseFloat);
    return { color: color, x: n[0] || 0, y: n[1] || 0, spread: n[3] || 0, inset: /inset/.test(part) };
  });
}

/**
 * WCAG 2.2 SC 2.4.13 Focus Appearance (AAA): the pixels that change when the element gets
 * focus, counting only those that change with 3:1 contrast, must cover at least the area of
 * a 2 CSS px thick perimeter of the unfocused element. Outer rings (outline, box shadows
 * around the element) are painted outline first, then shadows in order, so a ring hidden
 * under another counts only where it shows; an inset shadow sits inside the border.
 */
function focusAppearance(el, now, before, behind, own) {
  var r = el.getBoundingClientRect(), W = r.width, H = r.height;
  var cs = getComputedStyle(el);
  var border = parseFloat(cs.borderTopWidth) || 0;
  var required = 4 * (W + H);
  function ring(a, b) { return a >= b ? 0 : (W + 2 * b) * (H + 2 * b) - (W + 2 * a) * (H + 2 * a); }
  var covered = []; // outer bands [a, b] already painted above
  function visible(a, b) {
    var bands = [[a, b]];
    covered.forEach(function (c) {
      bands = bands.reduce(function (out, band) {
        if (c[1] <= band[0] || c[0] >= band[1]) return out.concat([band]);
        if (c[0] > band[0]) out.push([band[0], c[0]]);
        if (c[1] < band[1]) out.push([c[1], band[1]]);
        return out;
      }, []);
    });
    covered.push([a, b]);
    return bands.reduce(function (sum, band) { return sum + ring(band[0], band[1]); }, 0);
  }
  var area = 0, parts = [];
  function count(kind, colour, base, size) {
    var c = rgba(colour);
    if (c[3] === 0 || size <= 0) return;
    var contrast = ratio(over(c, base), base);
    parts.push(kind + ' ' + Math.round(size) + 'px² at ' + Math.round(contrast * 100) / 100 + ':1');
    if (contrast >= NON_TEXT_RATIO) area += size;
  }
  // A transparent outline (kept for forced-colours mode) paints nothing and hides nothing.
  if (now.outlineStyle !== 'none' && now.outlineWidth >= 1 && rgba(now.outlineColor)[3] > 0) {
    var offset = parseFloat(cs.outlineOffset) || 0;
    var size = offset >= 0 ? visible(offset, offset + now.outlineWidth) : ring(offset, offset + now.outlineWidth);
    count('outline', now.outlineColor, offset >= 0 ? behind : own, size);
  }
  if (now.boxShadow !== before.boxShadow) {
    shadows(now.boxShadow).forEach(function (s) {
      if (s.inset) {
        var w = W - 2 * border, h = H - 2 * border;
        count('inset shadow', s.color, own, w * h - Math.max(0, w - 2 * s.spread) * Math.max(0, h - 2 * s.spread));
      } else if (s.x === 0 && s.y === 0) {
        count('shadow ring', s.color, behind, visible(0, s.spread));
      } else {
        // An offset shadow: the part of its box that lies outside the element.
        var sw = W + 2 * s.spread, sh = H + 2 * s.spread;
        var ox = Math.max(0, Math.min(W, sw + s.x - s.spread) - Math.max(0, s.x - s.spread));
        var oy = Math.max(0, Math.min(H, sh + s.y - s.spread) - Math.max(0, s.y - s.spread));
        count('offset shadow', s.color, behind, sw * sh - ox * oy);
      }
    });
  }
  if (now.backgroundColor !== before.backgroundColor) {
    count('background', now.backgroundColor, over(rgba(before.backgroundColor), behind), W * H);
  }
  return { ok: area >= required, area: Math.round(area), required: Math.round(required), parts: parts };
}

var DIGITS_EXEMPT = '[data-spelled], bdi[dir=ltr], [dir=ltr], bdi[dir=auto], .code, .code-small, .code-inline, [lang]:not([lang=ar]), script, style, [aria-hidden=true]';

/**
 * One digit style per page: on Arabic pages, every number people read is in Arabic-Indic
 * digits (text, ordered-list markers), except the Latin codes (isolated left to right) and
 * text in another language or written by a person.
 */
function digitStyle() {
  var latin = [], lists = [];
  var walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  for (var node = walker.nextNode(); node; node = walker.nextNode()) {
    var parent = node.parentElement;
    // No digit, nothing to find: and the replace below backtracks quadratically over a long
    // run of Latin letters (the too-large state's 70 KB message took 12 s per call).
    if (!/[0-9]/.test(node.data)) continue;
    // Digits inside Latin technical names ("UTF-8") are part of the name, not a number.
    var numbers = node.data.replace(/[A-Za-z][A-Za-z0-9]*-?[0-9][A-Za-z0-9-]*/g, '');
    if (!parent || parent.closest(DIGITS_EXEMPT) || !/[0-9]/.test(numbers)) continue;
    if (!parent.getClientRects().length) continue;
    latin.push(describe(parent) + ': ' + node.data.trim().slice(0, 80));
  }
  Array.prototype.forEach.call(document.querySelectorAll('ol'), function (ol) {
    if (ol.closest(DIGITS_EXEMPT)) return;
    var type = getComputedStyle(ol).listStyleType;
    if (type !== 'arabic-indic' && type !== 'none') lists.push(describe(ol) + ': ' + type);
  });
  return { latin: latin, lists: lists };
}

/** Direction of every empty text field: where the caret starts before anything is typed. */
function emptyFieldDirections() {
  return Array.prototype.filter.call(document.querySelectorAll('textarea, input[type=text]'), function (el) {
    return !el.value && !el.closest('[aria-hidden=true]') && el.getClientRects().length;
  }).map(function (el) {
    return { element: describe(el), direction: el.matches(':dir(rtl)') ? 'rtl' : 'ltr', explicit: el.getAttribute('dir') };
  });
}

/**
 * In forced colours, what tells an error message from the question it sits under besides
 * colour: a visible "Error:" prefix, a border, an outline or a different font style.
 */
function errorMarks() {
  return Array.prototype.map.call(document.querySelectorAll('.error-message'), function (msg) {
    var field = msg.closest('.field, fieldset, form') || document.body;
    var question = field.querySelector('legend, label, .label');
    var mine = getComputedStyle(msg), theirs = question ? getComputedStyle(question) : null;
    var marks = [];
    var prefix = msg.firstElementChild;
    if (prefix && prefix.getBoundingClientRect().width > 1 && prefix.textContent.trim()) marks.push('visible prefix');
    if (parseFloat(mine.borderInlineStartWidth) > 0 || parseFloat(mine.borderTopWidth) > 0) marks.push('border');
    if (mine.outlineStyle !== 'none') marks.push('outline');
    if (theirs && mine.fontStyle !== theirs.fontStyle) marks.push('font style');
    return { element: describe(msg), marks: marks };
  });
}


var TARGETS = 'a[href], button, input:not([type=hidden]), select, textarea, summary, [tabindex]:not([tabindex="-1"])';

/**
 * Target size (WCAG 2.2 SC 2.5.8). Inline links in a sentence are exempt (the SC's
 * "inline" exception); targets hidden on purpose (off-screen skip link, clipped text) are
 * measured when focused by the focus test instead. An undersized target passes if a 24 px
 * circle centred on it touches no other target and no other undersized target's circle.
 */
function targetSizes() {
  var all = Array.prototype.slice.call(document.querySelectorAll(TARGETS)).filter(function (el) {
    if (notSeen(el)) return false;
    var r = el.getBoundingClientRect();
    return r.right > 0 && r.left < document.documentElement.clientWidth;
  });
  var items = all.map(function (el) {
    var r = el.getBoundingClientRect();
    var block = el.parentElement && el.parentElement.closest('p, li, dd, td, div');
    var inline = el.localName === 'a' && getComputedStyle(el).display === 'inline' && block &&
      block.textContent.replace(/\s+/g, '').length > el.textContent.replace(/\s+/g, '').length;
    return { el: el, rect: r, inline: !!inline, small: r.width < TARGET_MIN || r.height < TARGET_MIN,
      cx: r.left + r.width / 2, cy: r.top + r.height / 2 };
  });
  function circleHitsRect(c, r) {
    var dx = Math.max(r.left - c.cx, 0, c.cx - r.right);
    var dy = Math.max(r.top - c.cy, 0, c.cy - r.bottom);
    return dx * dx + dy * dy < (TARGET_MIN / 2) * (TARGET_MIN / 2);
  }
  var failures = [];
  items.forEach(function (t) {
    if (!t.small || t.inline) return;
    var crowded = items.some(function (o) {
      if (o === t || o.el.contains(t.el) || t.el.contains(o.el)) return false;
      if (circleHitsRect(t, o.rect)) return true;
      return o.small && Math.hypot(o.cx - t.cx, o.cy - t.cy) < TARGET_MIN;
    });
    if (crowded) failures.push({ element: describe(t.el), width: Math.round(t.rect.width * 10) / 10, height: Math.round(t.rect.height * 10) / 10 });
  });
  return { failures: failures, measured: items.length, inlineExempt: items.filter(function (t) { return t.inline; }).length };
}

/**
 * Reflow (WCAG 2.2 SC 1.4.10): no horizontal scrolling, and nothing cut at the viewport's
 * edges. Elements wholly outside the viewport are hidden on purpose (the skip link) and
 * not counted; an element that straddles an edge is content the person cannot reach.
 */
function reflow() {
  var doc = document.documentElement;
  var width = doc.clientWidth;
  var start = window.scrollX;
  window.scrollTo(100000, window.scrollY);
  var right = window.scrollX;
  window.scrollTo(-100000, window.scrollY);
  var left = window.scrollX;
  window.scrollTo(start, window.scrollY);
  var cut = [];
  // Content inside its own sideways-scrolling box (a data table, which 1.4.10 lets keep
  // two-dimensional layout) is reachable by scrolling that box: only the box must fit.
  function inScroller(el) {
    for (var n = el.parentElement; n && n !== document.body; n = n.parentElement) {
      var ox = getComputedStyle(n).overflowX;
      if ((ox === 'auto' || ox === 'scroll') && n.scrollWidth > n.clientWidth) return true;
    }
    return false;
  }
  Array.prototype.forEach.call(document.body.querySelectorAll('*'), function (el) {
    if (notSeen(el) || inScroller(el)) return;
    var r = el.getBoundingClientRect();
    if (r.width === 0 || r.right <= 0 || r.left >= width) return;
    if (r.left < -1 || r.right > width + 1) cut.push({ element: describe(el), left: Math.round(r.left), right: Math.round(r.right) });
  });
  return { scrollWidth: doc.scrollWidth, clientWidth: width, scrolledRight: right, scrolledLeft: left, cut: cut.slice(0, 10) };
}

/** Styles of every target, in document order, while none of them has focus. */
function unfocusedStyles() {
  if (document.activeElement && document.activeElement !== document.body && document.activeElement.matches(TARGETS)) document.activeElement.blur();
  return Array.prototype.map.call(document.querySelectorAll(TARGETS), focusStyle);
}

/** How many stops Tab should visit: focusable, rendered targets, one per radio group. */
function tabStopCount() {
  var groups = {};
  return Array.prototype.filter.call(document.querySelectorAll(TARGETS), function (el) {
    if (el.tabIndex < 0 || el.disabled || !el.getClientRects().length) return false;
    if (el.checkVisibility && !el.checkVisibility({ contentVisibilityAuto: true, visibilityProperty: true })) return false;
    if (el.type === 'radio' && el.name) { if (groups[el.name]) return false; groups[el.name] = true; }
    return true;
  }).length;
}

/** Where the focused element sits in that same list (-1 when focus is elsewhere). */
function focusedIndex() {
  return Array.prototype.indexOf.call(document.querySelectorAll(TARGETS), document.activeElement);
}

/**
 * Everything the Tab walk measures at one stop, in one round trip: where focus is in the
 * list of targets, its indicator against its unfocused style in before, the element, the
 * target sizes and the focused element's text contrast (or, with indicatorOnly, just the
 * position and the indicator).
 */
function focusStop(before, indicatorOnly) {
  var index = focusedIndex();
  if (index < 0) return { index: index };
  if (indicatorOnly) return { index: index, indicator: focusIndicator(before[index]) };
  return { index: index, indicator: focusIndicator(before[index]), active: active(), targets: targetSizes(), contrast: contrast(':focus') };
}

`;

async function call<T>(page: Page, expression: string): Promise<T> {
  return page.evaluate(`(function () {${LIBRARY}\nreturn ${expression};})()`) as Promise<T>;
}

export interface ContrastFailure {
  element: string;
  text: string;
  color: string;
  background: string;
  ratio: number;
  required: number;
  fontSize: number;
  bold: boolean;
}
export interface ContrastReport {
  failures: ContrastFailure[];
  unknown: { element: string; text: string; reason: string }[];
  checked: number;
  arabic: number;
}
/** Text contrast of everything under `rootSelector` (default: the whole body). */
/** Whether a language's pages are written in Arabic script (axe skips joined Arabic: our check must see it). */
export const writtenInArabic = (language: Language) =>
  LANGUAGE_TABLE.ar.letter.test(translator(language)('form.submit'));

export const checkContrast = (page: Page, rootSelector?: string) =>
  call<ContrastReport>(page, `contrast(${JSON.stringify(rootSelector ?? null)})`);

export interface FocusStyle {
  outlineStyle: string;
  outlineWidth: number;
  outlineColor: string;
  boxShadow: string;
  backgroundColor: string;
  color: string;
  border: string;
  textDecoration: string;
}
/** The focus-related styles of every target (links, controls, summary), none focused. */
export const unfocusedStyles = (page: Page) => call<FocusStyle[]>(page, 'unfocusedStyles()');
/** How many Tab stops the page should have (radio groups count once). */
export const tabStopCount = (page: Page) => call<number>(page, 'tabStopCount()');
/** The focused element's position in the list `unfocusedStyles` returns. */
export const focusedIndex = (page: Page) => call<number>(page, 'focusedIndex()');

export interface FocusIndicator {
  element: string;
  parts: string[];
  best: number;
  /** WCAG 2.4.13 (AAA): changed area at 3:1 against the 2 px perimeter it must reach. */
  aaa: { ok: boolean; area: number; required: number; parts: string[] };
}
/** The focused element's indicator, compared with its unfocused style `before`. */
export const focusIndicator = (page: Page, before: FocusStyle) =>
  call<FocusIndicator>(page, `focusIndicator(${JSON.stringify(before)})`);

export interface FocusStop {
  /** Position in the list `unfocusedStyles` returns; -1 (and nothing else) when focus is elsewhere. */
  index: number;
  indicator?: FocusIndicator;
  active?: ActiveElement;
  targets?: TargetReport;
  contrast?: ContrastReport;
}
/**
 * At the focused Tab stop: focusedIndex, focusIndicator, activeElement, checkTargets and
 * checkContrast(':focus') in one call (the walk visits some thirty stops per page). With
 * indicatorOnly, focusedIndex and focusIndicator alone, still in one call.
 */
export const focusStop = (page: Page, before: FocusStyle[], { indicatorOnly = false } = {}) =>
  call<FocusStop>(page, `focusStop(${JSON.stringify(before)}, ${indicatorOnly})`);

export interface TargetReport {
  failures: { element: string; width: number; height: number }[];
  measured: number;
  inlineExempt: number;
}
export const checkTargets = (page: Page) => call<TargetReport>(page, 'targetSizes()');

export interface ReflowReport {
  scrollWidth: number;
  clientWidth: number;
  scrolledRight: number;
  scrolledLeft: number;
  cut: { element: string; left: number; right: number }[];
}
export const checkReflow = (page: Page) => call<ReflowReport>(page, 'reflow()');

export interface ActiveElement {
  element: string;
  tag: string;
  id: string;
  name: string;
  text: string;
  tabbable: boolean;
  width?: number;
  height?: number;
}
export const activeElement = (page: Page) =>
  page.evaluate(`(function () {${FOCUS_LIBRARY}\nreturn active();})()`) as Promise<ActiveElement>;

/** Arabic pages: Latin digits outside codes and other-language text, and list markers not in Arabic-Indic. */
export const checkDigits = (page: Page) => call<{ latin: string[]; lists: string[] }>(page, 'digitStyle()');

/** Where the caret starts in every empty text field (its resolved direction). */
export const emptyFieldDirections = (page: Page) =>
  call<{ element: string; direction: 'rtl' | 'ltr'; explicit: string | null }[]>(page, 'emptyFieldDirections()');

/** What marks each error message apart from its question, other than colour. */
export const errorMarks = (page: Page) => call<{ element: string; marks: string[] }[]>(page, 'errorMarks()');
