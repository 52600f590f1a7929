list(APPEND ST_UI_SOURCES
  session/WizardSession.h)
