// Progressive enhancement only: every form works without this file.
(function () {
  "use strict";

  var PERSIAN = "۰۱۲۳۴۵۶۷۸۹";
  var toPersian = function (text) {
    return text.replace(/[0-9]/g, function (d) { return PERSIAN[d]; });
  };
  var toLatin = function (text) {
    return text.replace(/[۰-۹]/g, function (d) { return String(PERSIAN.indexOf(d)); })
      .replace(/[٠-٩]/g, function (d) { return String(d.charCodeAt(0) - 0x0660); });
  };

  // The picker speaks Persian and reads and writes Latin digits. On a Persian page the
  // field shows Persian digits (the server reads both): the value is given to the picker in
  // Latin digits while it is open, and written back in Persian when a date is chosen and
  // when the field is left. On an English page, Jalali months in English and Latin digits
  // (the calendar stays Jalali: every date of the project is).
  var ENGLISH = {
    months: ["Farvardin", "Ordibehesht", "Khordad", "Tir", "Mordad", "Shahrivar",
      "Mehr", "Aban", "Azar", "Dey", "Bahman", "Esfand"],
    days: ["Sa", "Su", "Mo", "Tu", "We", "Th", "Fr"],
    buttons: { today: "Today", empty: "Clear", close: "Close" },
  };

  var isPicker = function (element) {
    return element && element.matches && element.matches("input[data-jdp]");
  };

  var persianDates = function () {
    // The picker opens on focus (a click, a tap or Tab) and reads the field in Latin
    // digits: give it them just before. Pointerdown comes before the focus of a click;
    // for Tab, this listener is on the document in the capture phase, so it runs before
    // the picker's own (on the body, bubbling). Without it a field reached with Tab opened
    // on today's month instead of its own date. The field shows Latin digits while the
    // picker is open, and Persian ones again when it is left.
    var latinize = function (event) {
      var input = event.target;
      if (isPicker(input) && (event.type === "focusin" || document.activeElement !== input)) {
        var latin = toLatin(input.value);
        if (latin === input.value) return;
        // Setting the value moves the caret to the end; a digit is one character in
        // both scripts, so what was selected (all of it, when a field is tabbed into or
        // filled) stays selected and is what the next key replaces.
        var start = input.selectionStart, end = input.selectionEnd;
        input.value = latin;
        if (start !== null && end !== null) input.setSelectionRange(start, end);
      }
    };
    document.addEventListener("pointerdown", latinize, true);
    document.addEventListener("focusin", latinize, true);
    var persianize = function (event) {
      var input = event.target;
      if (!isPicker(input)) return;
      // A date-and-time field keeps the picker open, and the picker reads the field
      // again: it gets Persian digits when it is left.
      var open = document.activeElement === input && !input.hasAttribute("data-jdp-only-date");
      if (event.type === "jdp:change" && open) return;
      input.value = toPersian(input.value);
    };
    document.addEventListener("focusout", persianize);
    document.addEventListener("jdp:change", persianize);
    // Persian digits go to the server whatever the state of the field.
    document.addEventListener("submit", function (event) {
      var fields = event.target.querySelectorAll ? event.target.querySelectorAll("input[data-jdp]") : [];
      fields.forEach(function (input) { input.value = toPersian(input.value); });
    }, true);
  };

  var englishButtons = function () {
    // The picker's footer buttons are written in Persian by the library (no option).
    var relabel = function (root) {
      Object.keys(ENGLISH.buttons).forEach(function (name) {
        root.querySelectorAll(".jdp-btn-" + name).forEach(function (button) {
          if (button.textContent !== ENGLISH.buttons[name]) button.textContent = ENGLISH.buttons[name];
        });
      });
    };
    new MutationObserver(function () { relabel(document.body); })
      .observe(document.body, { childList: true, subtree: true });
  };

  document.addEventListener("DOMContentLoaded", function () {
    if (!window.jalaliDatepicker) return;
    var fa = document.documentElement.lang === "fa";
    var options = {
      persianDigits: fa,
      autoReadOnlyInput: false,
      // Date-and-time inputs get a clock; date inputs carry data-jdp-only-date.
      time: true,
      hasSecond: false,
    };
    if (!fa) {
      options.months = ENGLISH.months;
      options.days = ENGLISH.days;
      englishButtons();
    } else {
      persianDates();
    }
    window.jalaliDatepicker.startWatch(options);
  });
})();
