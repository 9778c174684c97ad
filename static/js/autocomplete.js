// Search boxes for the selects that load their choices on demand (core/autocomplete.py):
// a <select data-autocomplete="/autocomplete/agency/"> holds only the chosen options; Tom Select
// (static/vendor/tom-select) asks the endpoint as the user types and shows its first page (the
// best matches; typing more narrows them). Rows added to a formset ("formset:added",
// static/js/formset.js) get theirs too.
(function () {
  function setUp(select) {
    if (select.tomselect || select.closest("template")) { return; }
    var url = select.dataset.autocomplete;
    var multiple = select.multiple;
    // data-forward='{"agency": "agency", "on": "signed_on"}': the source also reads these
    // fields of the form (the same formset row's first, else the form's), e.g. the signer
    // offered for a party on the signing date.
    var forward = select.dataset.forward ? JSON.parse(select.dataset.forward) : {};
    var prefix = select.name.slice(0, select.name.lastIndexOf("-") + 1);
    function field(name) {
      var form = select.form;
      return form ? (form.elements[prefix + name] || form.elements[name]) : null;
    }
    function forwarded() {
      return Object.keys(forward).map(function (param) {
        var element = field(forward[param]);
        return element && element.value ? "&" + param + "=" + encodeURIComponent(element.value) : "";
      }).join("");
    }
    var box = new TomSelect(select, {
      // A single choice types its search in the dropdown: the box keeps its height, so the
      // page does not shift under the pointer when it closes.
      plugins: multiple ? ["remove_button"] : ["dropdown_input"],
      valueField: "id",
      labelField: "text",
      searchField: [],  // the server matches (diacritics, abbreviations): show what it sends
      placeholder: select.dataset.placeholder || "",
      allowEmptyOption: !multiple,
      maxOptions: null,
      preload: "focus",
      loadThrottle: 250,
      load: function (query, callback) {
        var self = this;
        fetch(url + "?q=" + encodeURIComponent(query) + forwarded(), {
          headers: { "Accept": "application/json" },
          credentials: "same-origin",
        })
          .then(function (response) { return response.json(); })
          .then(function (data) {
            // Each term brings its own answer: forget the options of the previous one.
            self.clearOptions();
            callback(data.results);
          })
          .catch(function () { callback(); });
      },
    });
    // A forwarded field changed: the answers loaded so far no longer hold.
    Object.keys(forward).forEach(function (param) {
      var element = field(forward[param]);
      if (element) {
        element.addEventListener("change", function () { box.loadedSearches = {}; });
      }
    });
  }

  function setUpAll(root) {
    root.querySelectorAll("select[data-autocomplete]").forEach(setUp);
  }

  setUpAll(document);
  document.addEventListener("formset:added", function (event) { setUpAll(event.target); });
})();
