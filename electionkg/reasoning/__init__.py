"""OWL RL reasoning: owlrl as the reference and our rules as SPARQL updates."""
