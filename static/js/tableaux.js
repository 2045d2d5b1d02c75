/* On a phone, a wide table reads as one card per row, every value under its column's name (see
   `.table-empilee` in app.css), instead of a strip scrolled sideways that hides the columns on the
   right. The names come from the table's own header. Without JavaScript the table scrolls. */
(function () {
  "use strict";

  // Two or three columns fit a phone's width as they are.
  var COLONNES_MIN = 4;

  function texteVisible(cellule) {
    var copie = cellule.cloneNode(true);
    copie.querySelectorAll(".visually-hidden").forEach(function (cache) {
      cache.remove();
    });
    return copie.textContent.replace(/\s+/g, " ").trim();
  }

  function nomsDesColonnes(table) {
    var entete = table.tHead;
    if (!entete || !entete.rows.length) {
      return [];
    }
    var noms = [];
    Array.prototype.forEach.call(entete.rows[entete.rows.length - 1].cells, function (cellule) {
      var nom = texteVisible(cellule);
      for (var i = 0; i < cellule.colSpan; i += 1) {
        noms.push(nom);
      }
    });
    return noms;
  }

  function nommerLesCellules(lignes, noms) {
    Array.prototype.forEach.call(lignes, function (ligne) {
      ligne.setAttribute("role", "row");
      var colonne = 0;
      Array.prototype.forEach.call(ligne.cells, function (cellule) {
        if (noms[colonne] && !cellule.hasAttribute("data-label")) {
          cellule.setAttribute("data-label", noms[colonne]);
        }
        // Shown as blocks, cells lose their table meaning for screen readers: say it again.
        if (!cellule.hasAttribute("role")) {
          cellule.setAttribute("role", cellule.tagName === "TH" ? "rowheader" : "cell");
        }
        colonne += cellule.colSpan;
      });
    });
  }

  function empiler(table) {
    if (table.classList.contains("table-empilee") || table.classList.contains("table-non-empilable")) {
      return;
    }
    var noms = nomsDesColonnes(table);
    if (noms.length < COLONNES_MIN) {
      return;
    }
    table.setAttribute("role", "table");
    Array.prototype.forEach.call(table.tHead.rows, function (ligne) {
      ligne.setAttribute("role", "row");
      Array.prototype.forEach.call(ligne.cells, function (cellule) {
        cellule.setAttribute("role", "columnheader");
      });
    });
    Array.prototype.forEach.call(table.tBodies, function (corps) {
      nommerLesCellules(corps.rows, noms);
    });
    if (table.tFoot) {
      nommerLesCellules(table.tFoot.rows, noms);
    }
    table.classList.add("table-empilee");
  }

  function preparer(racine) {
    if (racine.matches && racine.matches("table")) {
      empiler(racine);
    }
    if (racine.querySelectorAll) {
      racine.querySelectorAll("main table").forEach(empiler);
    }
  }

  document.addEventListener("DOMContentLoaded", function () {
    preparer(document);
  });
  // Lists filtered or paged by htmx bring new rows.
  document.addEventListener("htmx:afterSwap", function (evenement) {
    preparer(evenement.detail.elt);
  });
})();
