"""Turn interview-prep notes of several shapes into drillbot decks."""
