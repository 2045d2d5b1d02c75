/* Tableau de bord : graphique de l'évolution mensuelle (Chart.js) et bouton d'impression.
   Les données viennent d'un bloc json_script ; aucun script en ligne (CSP). */
(function () {
  "use strict";

  // Même palette que les graphiques SVG du rapport ; les lignes diffèrent aussi par leurs pointillés.
  var COULEURS = ["#1d4e89", "#b35900", "#1f7a4d", "#7b2d8e", "#8a6d00", "#b02a37"];
  var POINTILLES = [[], [6, 3], [2, 3], [8, 3, 2, 3], [1, 2], [10, 4]];
  var POINTS = ["circle", "rect", "triangle", "rectRot", "crossRot", "star"];
  var nombre = new Intl.NumberFormat("fr-FR", { maximumFractionDigits: 1 });

  function graphiqueEvolution() {
    var source = document.getElementById("donnees-evolution");
    var toile = document.getElementById("graphique-evolution");
    if (!source || !toile || typeof Chart === "undefined") {
      return;
    }
    var donnees = JSON.parse(source.textContent);
    var reduit = window.matchMedia("(prefers-reduced-motion: reduce)").matches;
    new Chart(toile, {
      type: "line",
      data: {
        labels: donnees.mois,
        datasets: donnees.series.map(function (serie, rang) {
          return {
            label: serie.libelle,
            data: serie.valeurs,
            borderColor: COULEURS[rang % COULEURS.length],
            backgroundColor: COULEURS[rang % COULEURS.length],
            borderDash: POINTILLES[rang % POINTILLES.length],
            borderWidth: rang === 0 ? 3 : 2,
            pointStyle: POINTS[rang % POINTS.length],
            pointRadius: donnees.mois.length > 24 ? 0 : 3,
            tension: 0
          };
        })
      },
      options: {
        responsive: true,
        maintainAspectRatio: false,
        animation: reduit ? false : { duration: 400 },
        interaction: { mode: "index", intersect: false },
        scales: {
          y: {
            min: 0,
            max: 100,
            ticks: { callback: function (valeur) { return nombre.format(valeur) + "\u202f%"; } },
            title: { display: true, text: "Avancement" }
          }
        },
        plugins: {
          legend: { labels: { usePointStyle: true } },
          tooltip: {
            callbacks: {
              label: function (contexte) {
                return contexte.dataset.label + " : " + nombre.format(contexte.parsed.y) + "\u202f%";
              }
            }
          }
        }
      }
    });
  }

  function boutonImprimer() {
    document.querySelectorAll("[data-action='imprimer']").forEach(function (bouton) {
      bouton.hidden = false;
      bouton.addEventListener("click", function () { window.print(); });
    });
  }

  graphiqueEvolution();
  boutonImprimer();
})();
