// The interface language for scripts: strings come from the app's own catalogs (the JSON
// catalog the page carries); numbers and dates are written by the browser's Intl in the
// numbering system Babel chose for the language, and percentages in Babel's pattern, so they
// match the server's pages.
"use strict";

window.i18n = (() => {
  const node = document.getElementById("i18n-catalog");
  const catalog = node ? JSON.parse(node.textContent)
    : { lang: "en", numbering: "latn", plural: ["one", "other"], messages: {} };
  // Babel formats dates in the Gregorian calendar; the browser does the same here.
  const locale = `${catalog.lang}-u-nu-${catalog.numbering}-ca-gregory`;
  const plurals = new Intl.PluralRules(catalog.lang);
  const numbers = new Intl.NumberFormat(locale);
  const moments = new Intl.DateTimeFormat(locale, { dateStyle: "medium", timeStyle: "short" });

  // Python-style named placeholders, as in the catalogs: "%(name)s".
  function format(text, values) {
    if (!values) return text;
    return text.replace(/%\((\w+)\)s/g, (match, name) => (name in values ? String(values[name]) : match));
  }

  function number(value) {
    return numbers.format(value);
  }

  function gettext(msgid, values) {
    const found = catalog.messages[msgid];
    return format(typeof found === "string" ? found : msgid, values);
  }

  // An entry's state as the interface names it.
  const STATES = {
    untranslated: gettext("untranslated"), draft: gettext("draft"),
    translated: gettext("translated"), approved: gettext("approved"),
  };

  return {
    lang: catalog.lang,
    gettext,
    stateLabel: (state) => STATES[state] || state,
    format,
    number,
    // value from 0 to 100, whole, in the pages' pattern (Babel's format_percent)
    percent: (value) => format(catalog.percent || "%(value)s%", { value: number(Math.round(value)) }),
    moment: (iso) => moments.format(new Date(iso)),
    // ``%(num)s`` is the count, written in the interface's digits.
    ngettext(singular, plural, count, values) {
      const found = catalog.messages[singular];
      const all = Object.assign({ num: number(count) }, values);
      if (Array.isArray(found)) {
        const index = catalog.plural.indexOf(plurals.select(count));
        const form = found[index >= 0 ? index : found.length - 1];
        if (form) return format(form, all);
      }
      return format(count === 1 ? singular : plural, all);
    },
  };
})();
