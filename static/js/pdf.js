/* Report PDFs: without JavaScript the link downloads the file (or opens a page that waits for it).
   With it, the click shows that the PDF is being prepared, with the seconds elapsed, asks the server
   to prepare it, then starts the download as soon as it is ready. */
(function () {
  "use strict";

  function zoneEtat(lien) {
    var id = lien.getAttribute("data-pdf-zone");
    var zone = id ? document.getElementById(id) : null;
    if (!zone) {
      zone = document.createElement("p");
      zone.className = "etat-pdf small mt-2 mb-0";
      zone.setAttribute("role", "status");
      lien.insertAdjacentElement("afterend", zone);
      zone.id = "etat-pdf-" + Math.random().toString(36).slice(2);
      lien.setAttribute("data-pdf-zone", zone.id);
    }
    return zone;
  }

  function preparer(lien) {
    if (lien.getAttribute("aria-busy") === "true") {
      return;
    }
    var zone = zoneEtat(lien);
    var debut = Date.now();
    lien.setAttribute("aria-busy", "true");
    lien.classList.add("disabled");
    zone.textContent = "Préparation du PDF en cours…";
    var minuterie = window.setInterval(function () {
      var secondes = Math.round((Date.now() - debut) / 1000);
      zone.textContent = "Préparation du PDF en cours… (" + secondes + " s ; cela prend quelques secondes)";
    }, 1000);

    function fin(message) {
      window.clearInterval(minuterie);
      lien.removeAttribute("aria-busy");
      lien.classList.remove("disabled");
      zone.textContent = message;
    }

    function demander() {
      fetch(lien.getAttribute("data-pdf-etat"), { credentials: "same-origin", headers: { Accept: "application/json" } })
        .then(function (reponse) {
          if (!reponse.ok) {
            throw new Error(String(reponse.status));
          }
          return reponse.json();
        })
        .then(function (etat) {
          if (etat.etat === "pret") {
            fin("PDF prêt (" + etat.pages + " pages) : le téléchargement commence.");
            // A download link rather than a navigation: the page stays as it is.
            var telechargement = document.createElement("a");
            telechargement.href = etat.url;
            telechargement.setAttribute("download", "");
            telechargement.hidden = true;
            document.body.appendChild(telechargement);
            telechargement.click();
            telechargement.remove();
          } else if (etat.etat === "echec") {
            fin("La préparation du PDF a échoué. Réessayez dans un instant ; si cela persiste, prévenez l'administration.");
          } else {
            window.setTimeout(demander, 2000);
          }
        })
        .catch(function () {
          fin("Le PDF n'a pas pu être préparé (connexion interrompue ?). Réessayez.");
        });
    }
    demander();
  }

  document.addEventListener("click", function (evenement) {
    var lien = evenement.target.closest ? evenement.target.closest("a[data-pdf-etat]") : null;
    if (!lien || !window.fetch) {
      return;
    }
    evenement.preventDefault();
    preparer(lien);
  });
})();
