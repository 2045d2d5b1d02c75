/* Follow-up forms: small conveniences on top of forms that work without JavaScript. */
(function () {
  "use strict";

  // "À venir" means 0 % and "Réalisé" 100 %: fill the percentage in so that what is shown is what
  // will be saved (the server applies the same rule).
  var POURCENTAGE_IMPOSE = { a_venir: "0", realise: "100" };

  function accorderAvancement(select) {
    var formulaire = select.form;
    var champ = formulaire && formulaire.querySelector("[data-avancement]");
    if (!champ) {
      return;
    }
    var impose = POURCENTAGE_IMPOSE[select.value];
    if (impose !== undefined) {
      champ.value = impose;
    }
    champ.readOnly = impose !== undefined;
  }

  document.addEventListener("change", function (evenement) {
    if (evenement.target.matches("select[data-statut]")) {
      accorderAvancement(evenement.target);
    }
  });

  function preparer(racine) {
    racine.querySelectorAll("select[data-statut]").forEach(accorderAvancement);
  }

  document.addEventListener("DOMContentLoaded", function () {
    preparer(document);
  });
  // Steps re-rendered by htmx get the same treatment. The submit button was disabled during the
  // request, which took the keyboard focus away: give it back to the same place.
  document.addEventListener("htmx:afterSwap", function (evenement) {
    preparer(evenement.detail.elt);
  });
  document.addEventListener("htmx:afterSettle", function (evenement) {
    var bloc = evenement.detail.elt;
    var bouton = bloc && bloc.querySelector ? bloc.querySelector("[data-reprendre-focus]") : null;
    if (bouton && !document.activeElement.matches("input, select, textarea, button")) {
      bouton.focus();
    }
  });
})();
