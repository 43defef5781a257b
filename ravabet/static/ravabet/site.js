// Progressive enhancement only: every form works without this file.
document.addEventListener("DOMContentLoaded", function () {
  if (window.jalaliDatepicker) {
    // Date-and-time inputs get a clock; date inputs carry data-jdp-only-date.
    window.jalaliDatepicker.startWatch({
      persianDigits: document.documentElement.lang === "fa",
      autoReadOnlyInput: false,
      time: true,
      hasSecond: false,
    });
  }
});
