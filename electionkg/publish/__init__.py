"""Publishing: exports in every RDF format and the dataset description (VoID, DCAT)."""
