// Pages of the charter and the awareness sessions: print button, confirmation before deleting an
// article, and a filter box on the long attendance lists (staff, partners). Without JavaScript the
// page works the same, with the whole lists shown.
(function () {
  "use strict";

  document.querySelectorAll("[data-action='imprimer']").forEach(function (bouton) {
    bouton.hidden = false;
    bouton.addEventListener("click", function () {
      window.print();
    });
  });

  document.querySelectorAll("[data-confirmer]").forEach(function (bouton) {
    bouton.addEventListener("click", function (evenement) {
      if (!window.confirm(bouton.getAttribute("data-confirmer"))) {
        evenement.preventDefault();
      }
    });
  });

  function normaliser(texte) {
    return texte.normalize("NFD").replace(/[\u0300-\u036f]/g, "").toLowerCase();
  }

  var noms = {};
  document.querySelectorAll("input[data-filtrer]").forEach(function (caseACocher) {
    noms[caseACocher.name] = true;
  });
  Object.keys(noms).forEach(function (nom) {
    var bloc = document.getElementById("div_id_" + nom);
    var liste = bloc && bloc.querySelector("fieldset > div");
    if (!liste) {
      return;
    }
    liste.id = "liste-" + nom;
    liste.classList.add("liste-defilante");
    var etiquette = document.createElement("label");
    etiquette.className = "form-label small";
    etiquette.htmlFor = "filtre-" + nom;
    etiquette.textContent = "Filtrer la liste (nom)";
    var champ = document.createElement("input");
    champ.type = "search";
    champ.id = "filtre-" + nom;
    champ.className = "form-control form-control-sm mb-2";
    champ.setAttribute("aria-controls", liste.id);
    var statut = document.createElement("p");
    statut.className = "visually-hidden";
    statut.setAttribute("role", "status");
    liste.parentNode.insertBefore(etiquette, liste);
    liste.parentNode.insertBefore(champ, liste);
    liste.parentNode.insertBefore(statut, liste);
    champ.addEventListener("input", function () {
      var cherche = normaliser(champ.value.trim());
      var visibles = 0;
      liste.querySelectorAll("input[data-filtrer]").forEach(function (caseACocher) {
        var ligne = caseACocher.closest(".form-check") || caseACocher.parentNode;
        var texte = normaliser(ligne.textContent);
        var garde = !cherche || texte.indexOf(cherche) !== -1 || caseACocher.checked;
        ligne.hidden = !garde;
        if (garde) {
          visibles += 1;
        }
      });
      statut.textContent = visibles + " élément(s) affiché(s)";
    });
  });
})();
