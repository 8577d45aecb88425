// Each "Add an area" drop-down becomes a box that suggests areas as a name is typed (alphagov's
// accessible-autocomplete). The words typed are posted as area_name, so a name typed but not picked
// is still matched on the server. Without JavaScript the drop-down works as it is.
for (const select of document.querySelectorAll("select[data-area-chooser]")) {
  window.accessibleAutocomplete.enhanceSelectElement({
    selectElement: select,
    name: "area_name",
    defaultValue: "",
    minLength: 2,
    // Its typeahead hint is an unlabelled second box, which screen readers would meet.
    autoselect: false,
    showNoOptionsFound: true,
    tNoResults: () => "No area has that name",
  });
}
