<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="de_DE">
<context>
    <name>PreflightChecks</name>
    <message>
        <source>Administrator rights</source>
        <translation>Administratorrechte</translation>
    </message>
    <message>
        <source>Running as root: every file of the protection set can be read.</source>
        <translation>Läuft als root: jede Datei des Schutzumfangs kann gelesen werden.</translation>
    </message>
    <message>
        <source>Running as user ID %1, not as root.</source>
        <translation>Läuft als Benutzer-ID %1, nicht als root.</translation>
    </message>
    <message>
        <source>The demo works without root but cannot keep file owners; a real twin installation needs sudo servertwin.</source>
        <translation>Die Demo läuft ohne root, kann aber Dateibesitzer nicht übernehmen; eine echte Zwillingsinstallation braucht sudo servertwin.</translation>
    </message>
    <message>
        <source>Run as root (sudo servertwin) to read every file of the protection set.</source>
        <translation>Als root starten (sudo servertwin), um jede Datei des Schutzumfangs lesen zu können.</translation>
    </message>
    <message>
        <source>Snapshot support</source>
        <translation>Snapshot-Unterstützung</translation>
    </message>
    <message>
        <source>Stop services that write to the protection set (databases, mail) while cloning; files that change while being read are listed in the report.</source>
        <translation>Dienste, die in den Schutzumfang schreiben (Datenbanken, Mail), während des Klonens anhalten; Dateien, die sich beim Lesen ändern, stehen im Bericht.</translation>
    </message>
    <message>
        <source>Cannot tell the filesystem of %1 (%2): files are read live.</source>
        <translation>Dateisystem von %1 nicht feststellbar (%2): Dateien werden live gelesen.</translation>
    </message>
    <message>
        <source>btrfs: point-in-time snapshots available.</source>
        <translation>btrfs: zeitpunktgenaue Snapshots verfügbar.</translation>
    </message>
    <message>
        <source>No btrfs snapshot support on %1 (%2): files are read live.</source>
        <translation>Keine btrfs-Snapshots auf %1 (%2): Dateien werden live gelesen.</translation>
    </message>
    <message>
        <source>Cannot measure the free space for %1: %2</source>
        <translation>Freier Speicher für %1 nicht messbar: %2</translation>
    </message>
    <message>
        <source>Make sure %1 or its parent directory exists and is readable.</source>
        <translation>Sicherstellen, dass %1 oder sein übergeordnetes Verzeichnis existiert und lesbar ist.</translation>
    </message>
    <message>
        <source>%1 free on the filesystem of %2.</source>
        <translation>%1 frei im Dateisystem von %2.</translation>
    </message>
    <message>
        <source>Only %1 free on the filesystem of %2; %3 are needed.</source>
        <translation>Nur %1 frei im Dateisystem von %2; %3 werden gebraucht.</translation>
    </message>
    <message>
        <source>Free space on the filesystem holding %1 (measured at %2): the key, certificate pins and reports are kept there.</source>
        <translation>Platz im Dateisystem von %1 freimachen (gemessen an %2): Schlüssel, Zertifikats-Pins und Berichte liegen dort.</translation>
    </message>
    <message>
        <source>Agent program</source>
        <translation>Agent-Programm</translation>
    </message>
    <message>
        <source>servertwin-agent found next to the wizard (%1).</source>
        <translation>servertwin-agent neben dem Assistenten gefunden (%1).</translation>
    </message>
    <message>
        <source>servertwin-agent is missing next to the wizard (%1).</source>
        <translation>servertwin-agent fehlt neben dem Assistenten (%1).</translation>
    </message>
    <message>
        <source>Needed only for --demo, which starts a local agent; a real Secondary runs its own agent.</source>
        <translation>Nur für --demo nötig, das einen lokalen Agenten startet; ein echter Secondary hat seinen eigenen Agenten.</translation>
    </message>
    <message>
        <source>Free disk space</source>
        <translation>Freier Speicherplatz</translation>
    </message>
    <message>
        <source>Demo mode starts this agent locally: install it into %1 (the ServerTwin package does) or build it next to the wizard.</source>
        <translation>Der Demo-Modus startet diesen Agenten lokal: ihn nach %1 installieren (das ServerTwin-Paket tut das) oder neben dem Assistenten bauen.</translation>
    </message>
</context>
<context>
    <name>main</name>
    <message>
        <source>Install a Secondary server as the twin of this one.</source>
        <translation>Einen Secondary-Server als Zwilling dieses Servers installieren.</translation>
    </message>
    <message>
        <source>Demo mode: the Secondary is a local agent with a sandbox root.</source>
        <translation>Demo-Modus: der Secondary ist ein lokaler Agent mit einer Sandbox als Wurzel.</translation>
    </message>
    <message>
        <source>Write a screenshot of every page into DIR, then quit.</source>
        <translation>Von jeder Seite ein Bildschirmfoto nach DIR schreiben, dann beenden.</translation>
    </message>
</context>
<context>
    <name>st::CheckListView</name>
    <message>
        <source>Passed</source>
        <translation>Bestanden</translation>
    </message>
    <message>
        <source>Warning</source>
        <translation>Warnung</translation>
    </message>
    <message>
        <source>Failed</source>
        <translation>Fehlgeschlagen</translation>
    </message>
</context>
<context>
    <name>st::StepList</name>
    <message>
        <source>Installation steps</source>
        <translation>Installationsschritte</translation>
    </message>
    <message>
        <source>not yet</source>
        <translation>noch nicht</translation>
    </message>
    <message>
        <source>current step</source>
        <translation>aktueller Schritt</translation>
    </message>
    <message>
        <source>done</source>
        <translation>erledigt</translation>
    </message>
    <message>
        <source>failed</source>
        <translation>fehlgeschlagen</translation>
    </message>
    <message>
        <source>%1. %2 (%3)</source>
        <translation>%1. %2 (%3)</translation>
    </message>
    <message>
        <source>%1: %2</source>
        <translation>%1: %2</translation>
    </message>
</context>
<context>
    <name>st::WelcomeConfig</name>
    <message>
        <source>later version</source>
        <translation>spätere Version</translation>
    </message>
    <message>
        <source>this version</source>
        <translation>diese Version</translation>
    </message>
    <message>
        <source>ServerTwin turns another server, the &lt;b&gt;Secondary&lt;/b&gt;, into a twin of this server, the &lt;b&gt;Primary&lt;/b&gt;, so that it can take over when the Primary fails.</source>
        <translation>ServerTwin macht einen anderen Server, den &lt;b&gt;Secondary&lt;/b&gt;, zum Zwilling dieses Servers, des &lt;b&gt;Primary&lt;/b&gt;, damit er übernehmen kann, wenn der Primary ausfällt.</translation>
    </message>
    <message>
        <source>A twin installation has six steps:</source>
        <translation>Eine Zwillingsinstallation hat sechs Schritte:</translation>
    </message>
    <message>
        <source>Snapshot backup of the protection set on the Primary</source>
        <translation>Snapshot-Sicherung des Schutzumfangs auf dem Primary</translation>
    </message>
    <message>
        <source>Compressed transfer to the Secondary and restore there</source>
        <translation>Komprimierte Übertragung zum Secondary und Wiederherstellung dort</translation>
    </message>
    <message>
        <source>Reboot of the Secondary</source>
        <translation>Neustart des Secondary</translation>
    </message>
    <message>
        <source>Hardware checklist</source>
        <translation>Hardware-Checkliste</translation>
    </message>
    <message>
        <source>Installation of components</source>
        <translation>Installation von Komponenten</translation>
    </message>
    <message>
        <source>Network adjustments</source>
        <translation>Netzwerkanpassungen</translation>
    </message>
    <message>
        <source>This version performs the backup, the transfer and the restore. Do the steps marked as later by hand until ServerTwin does them.</source>
        <translation>Diese Version führt Sicherung, Übertragung und Wiederherstellung aus. Die als später markierten Schritte bitte von Hand erledigen, bis ServerTwin sie übernimmt.</translation>
    </message>
    <message>
        <source>Demo mode:</source>
        <translation>Demo-Modus:</translation>
    </message>
    <message>
        <source>the Secondary is a local agent with a sandbox root.</source>
        <translation>der Secondary ist ein lokaler Agent mit einer Sandbox als Wurzel.</translation>
    </message>
    <message>
        <source>Checking this system…</source>
        <translation>Prüfe dieses System…</translation>
    </message>
    <message>
        <source>The checks have not run yet.</source>
        <translation>Die Prüfungen sind noch nicht gelaufen.</translation>
    </message>
    <message>
        <source>1 check failed: fix its cause and press Check again.</source>
        <translation>1 Prüfung fehlgeschlagen: Ursache beheben und Erneut prüfen drücken.</translation>
    </message>
    <message>
        <source>%1 checks failed: fix their causes and press Check again.</source>
        <translation>%1 Prüfungen fehlgeschlagen: Ursachen beheben und Erneut prüfen drücken.</translation>
    </message>
    <message>
        <source>1 warning: the installation can go on.</source>
        <translation>1 Warnung: die Installation kann weitergehen.</translation>
    </message>
    <message>
        <source>%1 warnings: the installation can go on.</source>
        <translation>%1 Warnungen: die Installation kann weitergehen.</translation>
    </message>
    <message>
        <source>All checks passed.</source>
        <translation>Alle Prüfungen bestanden.</translation>
    </message>
</context>
<context>
    <name>st::WelcomePage</name>
    <message>
        <source>Pre-flight checks</source>
        <translation>Vorabprüfungen</translation>
    </message>
    <message>
        <source>Check &amp;again</source>
        <translation>Erneut &amp;prüfen</translation>
    </message>
    <message>
        <source>Run the pre-flight checks again, e.g. after fixing a problem</source>
        <translation>Die Vorabprüfungen erneut ausführen, z. B. nach dem Beheben eines Problems</translation>
    </message>
    <message>
        <source>Welcome</source>
        <translation>Willkommen</translation>
    </message>
    <message>
        <source>What the twin installation does, and whether this server is ready for it.</source>
        <translation>Was die Zwillingsinstallation tut und ob dieser Server dafür bereit ist.</translation>
    </message>
    <message>
        <source>Wait for the pre-flight checks to finish.</source>
        <translation>Warten, bis die Vorabprüfungen fertig sind.</translation>
    </message>
    <message>
        <source>Fix the failed pre-flight checks, then press Check again.</source>
        <translation>Die fehlgeschlagenen Vorabprüfungen beheben, dann Erneut prüfen drücken.</translation>
    </message>
</context>
<context>
    <name>st::WizardWindow</name>
    <message>
        <source>Cancel installation</source>
        <translation>Installation abbrechen</translation>
    </message>
    <message>
        <source>Cancel the Secondary installation and close ServerTwin?</source>
        <translation>Die Secondary-Installation abbrechen und ServerTwin schließen?</translation>
    </message>
    <message>
        <source>Steps that already finished stay as they are; you can start ServerTwin again later.</source>
        <translation>Bereits abgeschlossene Schritte bleiben, wie sie sind; ServerTwin kann später erneut gestartet werden.</translation>
    </message>
    <message>
        <source>Cancel &amp;installation</source>
        <translation>&amp;Installation abbrechen</translation>
    </message>
    <message>
        <source>C&amp;ontinue</source>
        <translation>&amp;Fortsetzen</translation>
    </message>
    <message>
        <source>ServerTwin — Secondary installation</source>
        <translation>ServerTwin — Secondary-Installation</translation>
    </message>
    <message>
        <source>&amp;Back</source>
        <translation>&amp;Zurück</translation>
    </message>
    <message>
        <source>&amp;Next</source>
        <translation>&amp;Weiter</translation>
    </message>
    <message>
        <source>&amp;Cancel</source>
        <translation>&amp;Abbrechen</translation>
    </message>
    <message>
        <source>Cancel the installation and close ServerTwin (Esc)</source>
        <translation>Die Installation abbrechen und ServerTwin schließen (Esc)</translation>
    </message>
    <message>
        <source>Secondary installation</source>
        <translation>Secondary-Installation</translation>
    </message>
    <message>
        <source>Version %1</source>
        <translation>Version %1</translation>
    </message>
    <message>
        <source>This is the first step</source>
        <translation>Dies ist der erste Schritt</translation>
    </message>
    <message>
        <source>Wait until this step&apos;s work has finished</source>
        <translation>Warten, bis die Arbeit dieses Schritts beendet ist</translation>
    </message>
    <message>
        <source>Back to: %1</source>
        <translation>Zurück zu: %1</translation>
    </message>
    <message>
        <source>This is the last step of this version of ServerTwin</source>
        <translation>Dies ist der letzte Schritt dieser ServerTwin-Version</translation>
    </message>
    <message>
        <source>Complete this step first</source>
        <translation>Zuerst diesen Schritt abschließen</translation>
    </message>
    <message>
        <source>Go on to: %1</source>
        <translation>Weiter zu: %1</translation>
    </message>
</context>
</TS>
