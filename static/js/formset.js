// "Add a row" for inline formsets, without a library. Markup (core/includes/_formset.html): a
// container [data-formset=<prefix>] holding the management form, [data-formset-rows], a
// <template data-formset-template> with the empty form (prefix __prefix__) and a
// [data-formset-add] button.
document.querySelectorAll("[data-formset]").forEach(function (box) {
  var prefix = box.dataset.formset;
  var total = box.querySelector("input[name='" + prefix + "-TOTAL_FORMS']");
  var template = box.querySelector("template[data-formset-template]");
  var rows = box.querySelector("[data-formset-rows]");
  box.querySelector("[data-formset-add]").addEventListener("click", function () {
    var index = parseInt(total.value, 10);
    var html = template.innerHTML.replace(/__prefix__/g, String(index));
    rows.insertAdjacentHTML("beforeend", html);
    total.value = String(index + 1);
    // Widgets that set themselves up (static/js/autocomplete.js) hear of the new row.
    rows.lastElementChild.dispatchEvent(new CustomEvent("formset:added", { bubbles: true }));
    var first = rows.lastElementChild && rows.lastElementChild.querySelector("select, input:not([type=hidden]), textarea");
    if (first) { first.focus(); }
  });
});
