// Progressive enhancement only: every form works without this file.
document.addEventListener("DOMContentLoaded", function () {
  if (window.jalaliDatepicker) {
    window.jalaliDatepicker.startWatch({
      persianDigits: document.documentElement.lang === "fa",
      autoReadOnlyInput: false,
      time: false,
    });
  }
});
