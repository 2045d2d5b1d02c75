def test_la_grille_des_enjeux_reprend_les_cases_du_plan(plan_charge, client_de, compte_equipe):
    reponse = client_de(compte_equipe).get("/plan/enjeux/")
    assert reponse.status_code == 200
    assert "Repérer mobiliser" in reponse.text
