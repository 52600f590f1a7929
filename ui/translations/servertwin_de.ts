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
    <message>
        <source>Start the Protection set step from this profile (JSON).</source>
        <translation>Den Schritt „Schutzumfang“ mit diesem Profil (JSON) beginnen.</translation>
    </message>
</context>
<context>
    <name>st</name>
    <message>
        <source>… and %1 more (see the JSON report)</source>
        <translation>… und %1 weitere (siehe JSON-Bericht)</translation>
    </message>
    <message>
        <source>cannot write %1: %2</source>
        <translation>%1 kann nicht geschrieben werden: %2</translation>
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
    <name>st::CloneConfig</name>
    <message>
        <source>%1 of %2</source>
        <translation>%1 von %2</translation>
    </message>
    <message>
        <source>%L1 of %L2 files</source>
        <translation>%L1 von %L2 Dateien</translation>
    </message>
    <message>
        <source>%L1 files</source>
        <translation>%L1 Dateien</translation>
    </message>
    <message>
        <source>%1/s</source>
        <translation>%1/s</translation>
    </message>
    <message>
        <source>%1 left</source>
        <translation>noch %1</translation>
    </message>
    <message>
        <source>Scanning the protection set</source>
        <translation>Erfassen des Schutzumfangs</translation>
    </message>
    <message>
        <source>Connecting to the Secondary</source>
        <translation>Verbinden mit dem Secondary</translation>
    </message>
    <message>
        <source>Quiescing applications and taking the snapshot</source>
        <translation>Stilllegen der Anwendungen und Erstellen des Snapshots</translation>
    </message>
    <message>
        <source>Reading, compressing and sending</source>
        <translation>Lesen, Komprimieren und Senden</translation>
    </message>
    <message>
        <source>Waiting for the Secondary</source>
        <translation>Warten auf den Secondary</translation>
    </message>
    <message>
        <source>Receiving and staging</source>
        <translation>Empfangen und Zwischenspeichern</translation>
    </message>
    <message>
        <source>Verifying against the manifest</source>
        <translation>Verifizieren anhand des Manifests</translation>
    </message>
    <message>
        <source>Applying</source>
        <translation>Anwenden</translation>
    </message>
    <message>
        <source>Test the connection to the Secondary first.</source>
        <translation>Zuerst die Verbindung zum Secondary testen.</translation>
    </message>
    <message>
        <source>Choose the protection set first.</source>
        <translation>Zuerst den Schutzumfang festlegen.</translation>
    </message>
    <message>
        <source>Tertiary</source>
        <translation>Tertiary</translation>
    </message>
    <message>
        <source>Secondary</source>
        <translation>Secondary</translation>
    </message>
    <message>
        <source>Cloning to the %1 (%2)</source>
        <translation>Klonen auf den %1 (%2)</translation>
    </message>
    <message>
        <source>Cloning to the %1 (%2), %3 of %4</source>
        <translation>Klonen auf den %1 (%2), %3 von %4</translation>
    </message>
    <message>
        <source>Read %1 in %L2 files (%3), sent %4 compressed in %5</source>
        <translation>%1 in %L2 Dateien gelesen (%3), %4 komprimiert in %5 gesendet</translation>
    </message>
    <message>
        <source>read live</source>
        <translation>live gelesen</translation>
    </message>
    <message>
        <source>from a %1 snapshot</source>
        <translation>aus einem %1-Snapshot</translation>
    </message>
    <message>
        <source>%1: %2</source>
        <translation>%1: %2</translation>
    </message>
    <message>
        <source>Verified %L1 files against the manifest and applied them in %2; removed %L3 the Primary does not have</source>
        <translation>%L1 Dateien anhand des Manifests verifiziert und in %2 angewendet; %L3 entfernt, die der Primary nicht hat</translation>
    </message>
    <message>
        <source>retrying the clone to the %1</source>
        <translation>erneuter Klonversuch auf %1</translation>
    </message>
    <message>
        <source>In progress. The Secondary applies nothing until every file is verified.</source>
        <translation>Läuft. Der Secondary wendet erst etwas an, wenn jede Datei verifiziert ist.</translation>
    </message>
    <message>
        <source>cloning to %1 (%2)</source>
        <translation>klonen auf %1 (%2)</translation>
    </message>
    <message>
        <source>Cancelling: removing the snapshot and discarding the Secondary&apos;s staging area…</source>
        <translation>Abbruch: Snapshot wird entfernt und Zwischenspeicher des Secondary verworfen…</translation>
    </message>
    <message>
        <source>the %1 is a verified twin</source>
        <translation>%1 ist ein verifizierter Zwilling</translation>
    </message>
    <message>
        <source>every target is a verified twin</source>
        <translation>jedes Ziel ist ein verifizierter Zwilling</translation>
    </message>
    <message>
        <source>Clone verified and applied.</source>
        <translation>Klon verifiziert und angewendet.</translation>
    </message>
    <message>
        <source>cancelled; the snapshot was removed and the Secondary discarded its staging area</source>
        <translation>abgebrochen; der Snapshot wurde entfernt und der Secondary hat seinen Zwischenspeicher verworfen</translation>
    </message>
    <message>
        <source>Cancelled. Nothing was applied on the Secondary; Retry starts again.</source>
        <translation>Abgebrochen. Auf dem Secondary wurde nichts angewendet; Erneut versuchen startet neu.</translation>
    </message>
    <message>
        <source>failed: %1</source>
        <translation>fehlgeschlagen: %1</translation>
    </message>
</context>
<context>
    <name>st::ClonePage</name>
    <message>
        <source>Cancel the clone?</source>
        <translation>Klonen abbrechen?</translation>
    </message>
    <message>
        <source>Cancel the running clone? The snapshot is removed and the Secondary discards what it received; nothing is applied. You can retry afterwards.</source>
        <translation>Das laufende Klonen abbrechen? Der Snapshot wird entfernt und der Secondary verwirft, was er empfangen hat; nichts wird angewendet. Sie können es danach erneut versuchen.</translation>
    </message>
    <message>
        <source>Cancel the clone</source>
        <translation>Klonen abbrechen</translation>
    </message>
    <message>
        <source>Continue</source>
        <translation>Fortsetzen</translation>
    </message>
    <message>
        <source>The Primary: read from the snapshot and compressed, of the protection set&apos;s total; throughput and time left</source>
        <translation>Der Primary: aus dem Snapshot gelesen und komprimiert, vom Gesamtumfang des Schutzumfangs; Durchsatz und Restzeit</translation>
    </message>
    <message>
        <source>The Secondary&apos;s agent: received and staged, verified, applied</source>
        <translation>Der Agent des Secondary: empfangen und zwischengespeichert, verifiziert, angewendet</translation>
    </message>
    <message>
        <source>&amp;Start clone</source>
        <translation>Klonen &amp;starten</translation>
    </message>
    <message>
        <source>Snapshot the protection set and clone it to the Secondary</source>
        <translation>Einen Snapshot des Schutzumfangs erstellen und ihn auf den Secondary klonen</translation>
    </message>
    <message>
        <source>Stop the clone cleanly: the snapshot is removed, the Secondary discards its staging area</source>
        <translation>Das Klonen sauber beenden: der Snapshot wird entfernt, der Secondary verwirft seinen Zwischenspeicher</translation>
    </message>
    <message>
        <source>&amp;Log:</source>
        <translation>&amp;Protokoll:</translation>
    </message>
    <message>
        <source>What the clone did, step by step (also in the installation report)</source>
        <translation>Was beim Klonen geschah, Schritt für Schritt (auch im Installationsbericht)</translation>
    </message>
    <message>
        <source>Clone</source>
        <translation>Klonen</translation>
    </message>
    <message>
        <source>Snapshot, back up, transfer and restore the protection set on the Secondary.</source>
        <translation>Snapshot, Sicherung, Übertragung und Wiederherstellung des Schutzumfangs auf dem Secondary.</translation>
    </message>
    <message>
        <source>Wait for the clone to finish.</source>
        <translation>Warten, bis das Klonen beendet ist.</translation>
    </message>
    <message>
        <source>Run the clone first.</source>
        <translation>Zuerst das Klonen ausführen.</translation>
    </message>
    <message>
        <source>&amp;Retry</source>
        <translation>Erneut &amp;versuchen</translation>
    </message>
    <message>
        <source>Run the clone again (a new snapshot)</source>
        <translation>Das Klonen erneut ausführen (mit neuem Snapshot)</translation>
    </message>
    <message>
        <source>Primary — %1</source>
        <translation>Primary — %1</translation>
    </message>
    <message>
        <source>Secondary — %1</source>
        <translation>Secondary — %1</translation>
    </message>
    <message>
        <source>Current: /%1</source>
        <translation>Aktuell: /%1</translation>
    </message>
    <message>
        <source>Cancel cl&amp;one</source>
        <translation>Klonen a&amp;bbrechen</translation>
    </message>
</context>
<context>
    <name>st::DemoSecondary</name>
    <message>
        <source>cannot start the demo agent %1: %2</source>
        <translation>Demo-Agent %1 kann nicht gestartet werden: %2</translation>
    </message>
    <message>
        <source>the demo agent stopped (exit code %1); its messages are in %2</source>
        <translation>der Demo-Agent wurde beendet (Exit-Code %1); seine Meldungen stehen in %2</translation>
    </message>
    <message>
        <source>cannot create the demo sandbox in %1</source>
        <translation>Demo-Sandbox in %1 kann nicht angelegt werden</translation>
    </message>
    <message>
        <source>the demo agent did not report its port in %1</source>
        <translation>der Demo-Agent hat seinen Port nicht in %1 gemeldet</translation>
    </message>
</context>
<context>
    <name>st::InstallationReport</name>
    <message>
        <source>ServerTwin installation report — %1</source>
        <translation>ServerTwin-Installationsbericht — %1</translation>
    </message>
    <message>
        <source>The clone was not run.</source>
        <translation>Das Klonen wurde nicht ausgeführt.</translation>
    </message>
    <message>
        <source>Every target is a verified twin of the Primary.</source>
        <translation>Jedes Ziel ist ein verifizierter Zwilling des Primary.</translation>
    </message>
    <message>
        <source>The clone did not complete: %1</source>
        <translation>Das Klonen wurde nicht abgeschlossen: %1</translation>
    </message>
    <message>
        <source>Installation</source>
        <translation>Installation</translation>
    </message>
    <message>
        <source>Primary</source>
        <translation>Primary</translation>
    </message>
    <message>
        <source>ServerTwin version</source>
        <translation>ServerTwin-Version</translation>
    </message>
    <message>
        <source>Mode</source>
        <translation>Modus</translation>
    </message>
    <message>
        <source>demo (local agent with a sandbox root)</source>
        <translation>Demo (lokaler Agent mit einer Sandbox als Wurzel)</translation>
    </message>
    <message>
        <source>Started</source>
        <translation>Gestartet</translation>
    </message>
    <message>
        <source>Finished</source>
        <translation>Beendet</translation>
    </message>
    <message>
        <source>Duration</source>
        <translation>Dauer</translation>
    </message>
    <message>
        <source>Attempts</source>
        <translation>Versuche</translation>
    </message>
    <message>
        <source>Target machines</source>
        <translation>Zielrechner</translation>
    </message>
    <message>
        <source>Certificate</source>
        <translation>Zertifikat</translation>
    </message>
    <message>
        <source>Protection set</source>
        <translation>Schutzumfang</translation>
    </message>
    <message>
        <source>Profile</source>
        <translation>Profil</translation>
    </message>
    <message>
        <source>Source root</source>
        <translation>Quellwurzel</translation>
    </message>
    <message>
        <source>Included</source>
        <translation>Eingeschlossen</translation>
    </message>
    <message>
        <source>Excluded</source>
        <translation>Ausgeschlossen</translation>
    </message>
    <message>
        <source>%1 (with data)</source>
        <translation>%1 (mit Daten)</translation>
    </message>
    <message>
        <source>Protected applications</source>
        <translation>Geschützte Anwendungen</translation>
    </message>
    <message>
        <source>none</source>
        <translation>keine</translation>
    </message>
    <message>
        <source>Snapshot</source>
        <translation>Snapshot</translation>
    </message>
    <message>
        <source>Target</source>
        <translation>Ziel</translation>
    </message>
    <message>
        <source>Clone to the %1</source>
        <translation>Klonen zum %1</translation>
    </message>
    <message>
        <source>Result</source>
        <translation>Ergebnis</translation>
    </message>
    <message>
        <source>verified and applied</source>
        <translation>verifiziert und angewendet</translation>
    </message>
    <message>
        <source>failed: %1</source>
        <translation>fehlgeschlagen: %1</translation>
    </message>
    <message>
        <source>Read from</source>
        <translation>Gelesen aus</translation>
    </message>
    <message>
        <source>Files</source>
        <translation>Dateien</translation>
    </message>
    <message>
        <source>Entries</source>
        <translation>Einträge</translation>
    </message>
    <message>
        <source>Data</source>
        <translation>Daten</translation>
    </message>
    <message>
        <source>Sent (compressed)</source>
        <translation>Gesendet (komprimiert)</translation>
    </message>
    <message>
        <source>Applications frozen for</source>
        <translation>Anwendungen angehalten für</translation>
    </message>
    <message>
        <source>Scan</source>
        <translation>Erfassen</translation>
    </message>
    <message>
        <source>Backup and transfer</source>
        <translation>Sicherung und Übertragung</translation>
    </message>
    <message>
        <source>Receive on the Secondary</source>
        <translation>Empfang auf dem Secondary</translation>
    </message>
    <message>
        <source>Verify</source>
        <translation>Verifizieren</translation>
    </message>
    <message>
        <source>Apply</source>
        <translation>Anwenden</translation>
    </message>
    <message>
        <source>Total</source>
        <translation>Gesamt</translation>
    </message>
    <message>
        <source>Removed on the Secondary</source>
        <translation>Auf dem Secondary entfernt</translation>
    </message>
    <message>
        <source>Skipped</source>
        <translation>Übersprungen</translation>
    </message>
    <message>
        <source>changed while it was read</source>
        <translation>beim Lesen geändert</translation>
    </message>
    <message>
        <source>Inconsistent</source>
        <translation>Inkonsistent</translation>
    </message>
    <message>
        <source>Warnings</source>
        <translation>Warnungen</translation>
    </message>
    <message>
        <source>Log</source>
        <translation>Protokoll</translation>
    </message>
    <message>
        <source>cannot write %1: %2</source>
        <translation>%1 kann nicht geschrieben werden: %2</translation>
    </message>
</context>
<context>
    <name>st::ProtectionApplicationsModel</name>
    <message>
        <source>%1 has no data directories in the catalog or profile</source>
        <translation>%1 hat keine Datenverzeichnisse im Katalog oder Profil</translation>
    </message>
    <message>
        <source>The data of every protected application is included (see the option below the lists)</source>
        <translation>Die Daten aller geschützten Anwendungen sind eingeschlossen (siehe die Option unter den Listen)</translation>
    </message>
    <message>
        <source>Check to clone the data of %1 now. Data is normally synchronised later, by the application&apos;s own replication.</source>
        <translation>Ankreuzen, um die Daten von %1 jetzt zu klonen. Daten werden normalerweise später durch die eigene Replikation der Anwendung synchronisiert.</translation>
    </message>
    <message>
        <source>%1 is protected: its program and configuration are cloned. Uncheck to leave it out.</source>
        <translation>%1 ist geschützt: Programm und Konfiguration werden geklont. Zum Auslassen das Häkchen entfernen.</translation>
    </message>
    <message>
        <source>Check to protect %1: its program and configuration are cloned.</source>
        <translation>Ankreuzen, um %1 zu schützen: Programm und Konfiguration werden geklont.</translation>
    </message>
    <message>
        <source>Detected: %1</source>
        <translation>Erkannt: %1</translation>
    </message>
    <message>
        <source>Not detected on this system; the profile lists it.</source>
        <translation>Auf diesem System nicht erkannt; im Profil aufgeführt.</translation>
    </message>
    <message>
        <source>%1 (not detected)</source>
        <translation>%1 (nicht erkannt)</translation>
    </message>
    <message>
        <source>Application</source>
        <translation>Anwendung</translation>
    </message>
    <message>
        <source>Data</source>
        <translation>Daten</translation>
    </message>
</context>
<context>
    <name>st::ProtectionConfig</name>
    <message>
        <source>Unnamed profile</source>
        <translation>Unbenanntes Profil</translation>
    </message>
    <message>
        <source>not saved</source>
        <translation>nicht gespeichert</translation>
    </message>
    <message>
        <source>built-in profile %1</source>
        <translation>integriertes Profil %1</translation>
    </message>
    <message>
        <source>%1: cannot save the profile: %2</source>
        <translation>%1: Profil kann nicht gespeichert werden: %2</translation>
    </message>
    <message>
        <source>choose a file outside the built-in resources</source>
        <translation>eine Datei außerhalb der integrierten Ressourcen wählen</translation>
    </message>
    <message>
        <source>Detecting installed applications…</source>
        <translation>Erkenne installierte Anwendungen…</translation>
    </message>
    <message>
        <source>Detection failed: %1</source>
        <translation>Erkennung fehlgeschlagen: %1</translation>
    </message>
    <message>
        <source>Applications have not been detected yet.</source>
        <translation>Die Anwendungserkennung ist noch nicht gelaufen.</translation>
    </message>
    <message>
        <source>No application of the catalog is installed on this system.</source>
        <translation>Keine Anwendung des Katalogs ist auf diesem System installiert.</translation>
    </message>
    <message>
        <source>1 application of the catalog detected on this system.</source>
        <translation>1 Anwendung des Katalogs auf diesem System erkannt.</translation>
    </message>
    <message>
        <source>%1 applications of the catalog detected on this system.</source>
        <translation>%1 Anwendungen des Katalogs auf diesem System erkannt.</translation>
    </message>
    <message>
        <source>Automatic (btrfs or LVM where possible)</source>
        <translation>Automatisch (btrfs oder LVM, wo möglich)</translation>
    </message>
    <message>
        <source>btrfs snapshots</source>
        <translation>btrfs-Snapshots</translation>
    </message>
    <message>
        <source>LVM snapshots</source>
        <translation>LVM-Snapshots</translation>
    </message>
    <message>
        <source>Volume Shadow Copy (Windows)</source>
        <translation>Volumeschattenkopie (Windows)</translation>
    </message>
    <message>
        <source>None: read the live system</source>
        <translation>Keiner: das laufende System lesen</translation>
    </message>
    <message>
        <source>Each directory is read from a btrfs or LVM snapshot of its volume; volumes without snapshot support are read live, with a warning</source>
        <translation>Jedes Verzeichnis wird aus einem btrfs- oder LVM-Snapshot seines Volumes gelesen; Volumes ohne Snapshot-Unterstützung werden mit einer Warnung live gelesen</translation>
    </message>
    <message>
        <source>Read-only btrfs snapshots; fails on volumes that are not btrfs</source>
        <translation>Schreibgeschützte btrfs-Snapshots; schlägt auf Volumes fehl, die nicht btrfs sind</translation>
    </message>
    <message>
        <source>LVM snapshots; fails on volumes that are not logical volumes</source>
        <translation>LVM-Snapshots; schlägt auf Volumes fehl, die keine logischen Volumes sind</translation>
    </message>
    <message>
        <source>Windows only</source>
        <translation>Nur Windows</translation>
    </message>
    <message>
        <source>No snapshot: files are read while the system runs; files that keep changing are reported</source>
        <translation>Kein Snapshot: Dateien werden im laufenden Betrieb gelesen; Dateien, die sich ständig ändern, werden gemeldet</translation>
    </message>
    <message>
        <source>Nothing is selected: check at least one directory or application.</source>
        <translation>Nichts ausgewählt: mindestens ein Verzeichnis oder eine Anwendung ankreuzen.</translation>
    </message>
    <message>
        <source>1 directory or file to clone</source>
        <translation>1 Verzeichnis oder Datei zu klonen</translation>
    </message>
    <message>
        <source>%1 directories or files to clone</source>
        <translation>%1 Verzeichnisse oder Dateien zu klonen</translation>
    </message>
    <message>
        <source>1 exclude pattern</source>
        <translation>1 Ausschlussmuster</translation>
    </message>
    <message>
        <source>%1 exclude patterns</source>
        <translation>%1 Ausschlussmuster</translation>
    </message>
    <message>
        <source>1 listed path skipped</source>
        <translation>1 aufgeführter Pfad übersprungen</translation>
    </message>
    <message>
        <source>%1 listed paths skipped</source>
        <translation>%1 aufgeführte Pfade übersprungen</translation>
    </message>
    <message>
        <source>Cloned: /%1</source>
        <translation>Geklont: /%1</translation>
    </message>
    <message>
        <source>Skipped: /%1 (%2)</source>
        <translation>Übersprungen: /%1 (%2)</translation>
    </message>
    <message>
        <source>No estimate while the protection set has an error.</source>
        <translation>Keine Schätzung, solange der Schutzumfang einen Fehler hat.</translation>
    </message>
    <message>
        <source>Estimating…</source>
        <translation>Schätze…</translation>
    </message>
    <message>
        <source>Estimate failed: %1</source>
        <translation>Schätzung fehlgeschlagen: %1</translation>
    </message>
    <message>
        <source>Not estimated yet.</source>
        <translation>Noch nicht geschätzt.</translation>
    </message>
    <message>
        <source>1 second</source>
        <translation>1 Sekunde</translation>
    </message>
    <message>
        <source>%1 seconds</source>
        <translation>%1 Sekunden</translation>
    </message>
    <message>
        <source>%1 minutes</source>
        <translation>%1 Minuten</translation>
    </message>
    <message>
        <source>%1 h %2 min</source>
        <translation>%1 h %2 min</translation>
    </message>
    <message>
        <source>1 file</source>
        <translation>1 Datei</translation>
    </message>
    <message>
        <source>%1 files</source>
        <translation>%1 Dateien</translation>
    </message>
    <message>
        <source>%1 · %2 · about %3 compressed · about %4 to read and compress</source>
        <translation>%1 · %2 · ca. %3 komprimiert · ca. %4 zum Lesen und Komprimieren</translation>
    </message>
</context>
<context>
    <name>st::ProtectionPage</name>
    <message>
        <source>Protection profiles (*.json);;All files (*)</source>
        <translation>Schutzprofile (*.json);;Alle Dateien (*)</translation>
    </message>
    <message>
        <source>Save protection profile</source>
        <translation>Schutzprofil speichern</translation>
    </message>
    <message>
        <source>Load protection profile</source>
        <translation>Schutzprofil laden</translation>
    </message>
    <message>
        <source>Profile:</source>
        <translation>Profil:</translation>
    </message>
    <message>
        <source>&amp;Load…</source>
        <translation>&amp;Laden…</translation>
    </message>
    <message>
        <source>Load a protection profile (JSON) from a file</source>
        <translation>Ein Schutzprofil (JSON) aus einer Datei laden</translation>
    </message>
    <message>
        <source>&amp;Save as…</source>
        <translation>&amp;Speichern unter…</translation>
    </message>
    <message>
        <source>Save the protection set as edited here to a profile file (JSON)</source>
        <translation>Den hier bearbeiteten Schutzumfang in einer Profildatei (JSON) speichern</translation>
    </message>
    <message>
        <source>Protected &amp;applications</source>
        <translation>&amp;Geschützte Anwendungen</translation>
    </message>
    <message>
        <source>Applications to protect: checked ones are cloned with their program and configuration; Data also clones their data. Space toggles the current checkbox, Left and Right move between them.</source>
        <translation>Zu schützende Anwendungen: angekreuzte werden mit Programm und Konfiguration geklont; „Daten“ klont auch ihre Daten. Die Leertaste schaltet das aktuelle Kontrollkästchen um, Links und Rechts wechseln zwischen ihnen.</translation>
    </message>
    <message>
        <source>Detect a&amp;gain</source>
        <translation>Erneut &amp;erkennen</translation>
    </message>
    <message>
        <source>Look again for installed applications of the catalog (packages, services, programs)</source>
        <translation>Erneut nach installierten Anwendungen des Katalogs suchen (Pakete, Dienste, Programme)</translation>
    </message>
    <message>
        <source>D&amp;irectories</source>
        <translation>&amp;Verzeichnisse</translation>
    </message>
    <message>
        <source>What is cloned: uncheck a directory to exclude it, expand one to exclude a directory below it. Space toggles the current row.</source>
        <translation>Was geklont wird: das Häkchen eines Verzeichnisses entfernen, um es auszuschließen; eines aufklappen, um ein Verzeichnis darunter auszuschließen. Die Leertaste schaltet die aktuelle Zeile um.</translation>
    </message>
    <message>
        <source>Include the &amp;data of all protected applications</source>
        <translation>&amp;Daten aller geschützten Anwendungen einbeziehen</translation>
    </message>
    <message>
        <source>Clone the data directories of every protected application now (databases, web roots, …); off by default</source>
        <translation>Die Datenverzeichnisse aller geschützten Anwendungen jetzt klonen (Datenbanken, Web-Stammverzeichnisse, …); standardmäßig aus</translation>
    </message>
    <message>
        <source>Snapshot &amp;mode:</source>
        <translation>Snapshot-&amp;Modus:</translation>
    </message>
    <message>
        <source>How a consistent state of each directory is read during the backup</source>
        <translation>Wie bei der Sicherung ein konsistenter Zustand jedes Verzeichnisses gelesen wird</translation>
    </message>
    <message>
        <source>Estimate:</source>
        <translation>Schätzung:</translation>
    </message>
    <message>
        <source>&amp;Estimate again</source>
        <translation>&amp;Neu schätzen</translation>
    </message>
    <message>
        <source>Count the protection set and measure a sample again</source>
        <translation>Den Schutzumfang erneut zählen und eine Stichprobe neu messen</translation>
    </message>
    <message>
        <source>Protection set</source>
        <translation>Schutzumfang</translation>
    </message>
    <message>
        <source>What is cloned: the operating system, the product and the protected applications.</source>
        <translation>Was geklont wird: das Betriebssystem, das Produkt und die geschützten Anwendungen.</translation>
    </message>
    <message>
        <source>Where the profile was loaded from or saved to: %1</source>
        <translation>Woher das Profil geladen oder wohin es gespeichert wurde: %1</translation>
    </message>
    <message>
        <source>Application data is normally synchronised later by the application&apos;s own replication; cloning it now copies a state that is outdated when the Secondary takes over, and makes the clone larger.</source>
        <translation>Anwendungsdaten werden normalerweise später durch die eigene Replikation der Anwendung synchronisiert; sie jetzt zu klonen kopiert einen Stand, der veraltet ist, wenn der Secondary übernimmt, und macht den Klon größer.</translation>
    </message>
    <message>
        <source>Files and bytes are counted exactly; the compressed size and the duration are extrapolated from a sample compressed on this machine.</source>
        <translation>Dateien und Bytes werden exakt gezählt; komprimierte Größe und Dauer werden aus einer auf diesem Rechner komprimierten Stichprobe hochgerechnet.</translation>
    </message>
</context>
<context>
    <name>st::ProtectionTreeModel</name>
    <message>
        <source>Operating system</source>
        <translation>Betriebssystem</translation>
    </message>
    <message>
        <source>Product</source>
        <translation>Produkt</translation>
    </message>
    <message>
        <source>program</source>
        <translation>Programm</translation>
    </message>
    <message>
        <source>configuration</source>
        <translation>Konfiguration</translation>
    </message>
    <message>
        <source>data</source>
        <translation>Daten</translation>
    </message>
    <message>
        <source>Additional paths</source>
        <translation>Zusätzliche Pfade</translation>
    </message>
    <message>
        <source>cannot list &quot;%1&quot;</source>
        <translation>„%1“ kann nicht aufgelistet werden</translation>
    </message>
    <message>
        <source>&quot;/%1&quot; stays excluded by the pattern &quot;%2&quot; of the profile; remove the pattern from the profile file to include it</source>
        <translation>„/%1“ bleibt durch das Muster „%2“ des Profils ausgeschlossen; zum Einschließen das Muster aus der Profildatei entfernen</translation>
    </message>
    <message>
        <source>&quot;/%1&quot; cannot be included: too many exclusions above it</source>
        <translation>„/%1“ kann nicht eingeschlossen werden: zu viele Ausschlüsse darüber</translation>
    </message>
    <message>
        <source>The whole source root cannot be excluded; exclude its directories instead</source>
        <translation>Die gesamte Quellwurzel kann nicht ausgeschlossen werden; stattdessen ihre Verzeichnisse ausschließen</translation>
    </message>
    <message>
        <source>Only directories and files can be included or excluded</source>
        <translation>Nur Verzeichnisse und Dateien können ein- oder ausgeschlossen werden</translation>
    </message>
    <message>
        <source>&quot;/%1&quot; does not exist on this system</source>
        <translation>„/%1“ existiert auf diesem System nicht</translation>
    </message>
    <message>
        <source>not on this system (optional)</source>
        <translation>nicht auf diesem System (optional)</translation>
    </message>
    <message>
        <source>missing</source>
        <translation>fehlt</translation>
    </message>
    <message>
        <source>included, parts excluded</source>
        <translation>eingeschlossen, teilweise ausgeschlossen</translation>
    </message>
    <message>
        <source>included</source>
        <translation>eingeschlossen</translation>
    </message>
    <message>
        <source>not included</source>
        <translation>nicht eingeschlossen</translation>
    </message>
    <message>
        <source>not included (application data)</source>
        <translation>nicht eingeschlossen (Anwendungsdaten)</translation>
    </message>
    <message>
        <source>excluded</source>
        <translation>ausgeschlossen</translation>
    </message>
    <message>
        <source>excluded with /%1</source>
        <translation>ausgeschlossen mit /%1</translation>
    </message>
    <message>
        <source>excluded by pattern %1</source>
        <translation>ausgeschlossen durch Muster %1</translation>
    </message>
    <message>
        <source>cannot list</source>
        <translation>nicht auflistbar</translation>
    </message>
    <message>
        <source>Directories of the operating system that are cloned to the Secondary</source>
        <translation>Verzeichnisse des Betriebssystems, die auf den Secondary geklont werden</translation>
    </message>
    <message>
        <source>Directories of the product that are cloned to the Secondary</source>
        <translation>Verzeichnisse des Produkts, die auf den Secondary geklont werden</translation>
    </message>
    <message>
        <source>Further paths the profile includes</source>
        <translation>Weitere Pfade, die das Profil einschließt</translation>
    </message>
    <message>
        <source>Program, configuration and data paths of %1</source>
        <translation>Programm-, Konfigurations- und Datenpfade von %1</translation>
    </message>
    <message>
        <source>%1 does not exist here; the profile lists it as optional</source>
        <translation>%1 existiert hier nicht; das Profil führt es als optional</translation>
    </message>
    <message>
        <source>%1 does not exist here; the plan cannot be built until it does or the profile no longer lists it</source>
        <translation>%1 existiert hier nicht; der Plan kann erst erstellt werden, wenn es existiert oder das Profil es nicht mehr aufführt</translation>
    </message>
    <message>
        <source>%1 is not cloned. Check it to include it.</source>
        <translation>%1 wird nicht geklont. Zum Einschließen ankreuzen.</translation>
    </message>
    <message>
        <source>%1 is cloned with everything below it that is not excluded. Uncheck it to exclude it.</source>
        <translation>%1 wird mit allem darunter geklont, was nicht ausgeschlossen ist. Zum Ausschließen das Häkchen entfernen.</translation>
    </message>
    <message>
        <source>Application data is normally synchronised later; include it only if it is needed now.</source>
        <translation>Anwendungsdaten werden normalerweise später synchronisiert; nur einschließen, wenn sie jetzt gebraucht werden.</translation>
    </message>
    <message>
        <source>Path</source>
        <translation>Pfad</translation>
    </message>
    <message>
        <source>State</source>
        <translation>Status</translation>
    </message>
</context>
<context>
    <name>st::SecondaryConfig</name>
    <message>
        <source>Demo: starting the demo Secondary (a local agent with a sandbox root)…</source>
        <translation>Demo: Demo-Secondary wird gestartet (ein lokaler Agent mit einer Sandbox als Wurzel)…</translation>
    </message>
    <message>
        <source>Demo: the Secondary is a local agent restoring into %1. Its console shows the pairing code %2 and the certificate fingerprint %3.</source>
        <translation>Demo: der Secondary ist ein lokaler Agent, der nach %1 wiederherstellt. Seine Konsole zeigt den Kopplungscode %2 und den Zertifikats-Fingerabdruck %3.</translation>
    </message>
</context>
<context>
    <name>st::SecondaryPage</name>
    <message>
        <source>Start &lt;b&gt;servertwin-agent&lt;/b&gt; on the Secondary. It shows a one-time pairing code and its certificate fingerprint on its console (as a service: run &lt;b&gt;servertwin-agent pairing-code&lt;/b&gt; there as root): enter the code here and compare the fingerprint after the connection test. The certificate is pinned, so later connections need no code and a changed certificate is refused.</source>
        <translation>Starten Sie &lt;b&gt;servertwin-agent&lt;/b&gt; auf dem Secondary. Er zeigt auf seiner Konsole einen einmaligen Kopplungscode und seinen Zertifikats-Fingerabdruck (als Dienst: führen Sie dort als root &lt;b&gt;servertwin-agent pairing-code&lt;/b&gt; aus): geben Sie den Code hier ein und vergleichen Sie den Fingerabdruck nach dem Verbindungstest. Das Zertifikat wird gepinnt, sodass spätere Verbindungen keinen Code brauchen und ein geändertes Zertifikat abgelehnt wird.</translation>
    </message>
    <message>
        <source>Secondary</source>
        <translation>Secondary</translation>
    </message>
    <message>
        <source>Also install a T&amp;ertiary server</source>
        <translation>Zusätzlich einen T&amp;ertiary-Server installieren</translation>
    </message>
    <message>
        <source>A third machine receives the same clone after the Secondary</source>
        <translation>Ein dritter Rechner erhält nach dem Secondary denselben Klon</translation>
    </message>
    <message>
        <source>Tertiary</source>
        <translation>Tertiary</translation>
    </message>
    <message>
        <source>Which server becomes the twin: connect to its agent and pin its certificate.</source>
        <translation>Welcher Server zum Zwilling wird: mit seinem Agenten verbinden und sein Zertifikat pinnen.</translation>
    </message>
    <message>
        <source>Test the connections to the Secondary and the Tertiary first.</source>
        <translation>Zuerst die Verbindungen zum Secondary und zum Tertiary testen.</translation>
    </message>
    <message>
        <source>Test the connection to the Secondary first.</source>
        <translation>Zuerst die Verbindung zum Secondary testen.</translation>
    </message>
    <message>
        <source>This Primary&apos;s certificate: %1</source>
        <translation>Zertifikat dieses Primary: %1</translation>
    </message>
</context>
<context>
    <name>st::StageProgressView</name>
    <message>
        <source>waiting</source>
        <translation>wartet</translation>
    </message>
    <message>
        <source>running</source>
        <translation>läuft</translation>
    </message>
    <message>
        <source>%1 %</source>
        <translation>%1 %</translation>
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
        <source>cancelled</source>
        <translation>abgebrochen</translation>
    </message>
    <message>
        <source>Snapshot</source>
        <translation>Snapshot</translation>
    </message>
    <message>
        <source>Backup</source>
        <translation>Sicherung</translation>
    </message>
    <message>
        <source>Transfer</source>
        <translation>Übertragung</translation>
    </message>
    <message>
        <source>Restore</source>
        <translation>Wiederherstellung</translation>
    </message>
    <message>
        <source>Scan the protection set, connect, quiesce the protected applications and take a point-in-time snapshot</source>
        <translation>Schutzumfang erfassen, verbinden, die geschützten Anwendungen stilllegen und einen zeitpunktgenauen Snapshot erstellen</translation>
    </message>
    <message>
        <source>Read the snapshot and compress it (zstd) on the Primary</source>
        <translation>Den Snapshot auf dem Primary lesen und komprimieren (zstd)</translation>
    </message>
    <message>
        <source>The stream arriving over TLS and staged on the Secondary</source>
        <translation>Der über TLS eintreffende und auf dem Secondary zwischengespeicherte Datenstrom</translation>
    </message>
    <message>
        <source>The Secondary verifies every file against the manifest, then applies the clone</source>
        <translation>Der Secondary verifiziert jede Datei anhand des Manifests und wendet dann den Klon an</translation>
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
    <name>st::SummaryConfig</name>
    <message>
        <source>The clone has not run.</source>
        <translation>Das Klonen ist noch nicht gelaufen.</translation>
    </message>
    <message>
        <source>The installation did not complete: %1</source>
        <translation>Die Installation wurde nicht abgeschlossen: %1</translation>
    </message>
    <message>
        <source>The Secondary and the Tertiary are verified twins of this server</source>
        <translation>Der Secondary und der Tertiary sind verifizierte Zwillinge dieses Servers</translation>
    </message>
    <message>
        <source>The Secondary is a verified twin of this server</source>
        <translation>Der Secondary ist ein verifizierter Zwilling dieses Servers</translation>
    </message>
    <message>
        <source>%1: %L2 files, %3 in %4.</source>
        <translation>%1: %L2 Dateien, %3 in %4.</translation>
    </message>
    <message>
        <source>the folder %1 does not exist</source>
        <translation>der Ordner %1 existiert nicht</translation>
    </message>
    <message>
        <source>Saved %1</source>
        <translation>%1 gespeichert</translation>
    </message>
    <message>
        <source>Saved %1 in %2</source>
        <translation>%1 in %2 gespeichert</translation>
    </message>
</context>
<context>
    <name>st::SummaryPage</name>
    <message>
        <source>The installation report, as it is exported</source>
        <translation>Der Installationsbericht, wie er exportiert wird</translation>
    </message>
    <message>
        <source>The folder the report files are written into</source>
        <translation>Der Ordner, in den die Berichtsdateien geschrieben werden</translation>
    </message>
    <message>
        <source>Save &amp;into:</source>
        <translation>Speichern &amp;in:</translation>
    </message>
    <message>
        <source>Choose the folder for the report files</source>
        <translation>Den Ordner für die Berichtsdateien auswählen</translation>
    </message>
    <message>
        <source>Save &amp;HTML</source>
        <translation>&amp;HTML speichern</translation>
    </message>
    <message>
        <source>Save the report as a web page that prints well</source>
        <translation>Den Bericht als gut druckbare Webseite speichern</translation>
    </message>
    <message>
        <source>Save &amp;PDF</source>
        <translation>&amp;PDF speichern</translation>
    </message>
    <message>
        <source>Save the report as a PDF document (A4)</source>
        <translation>Den Bericht als PDF-Dokument (A4) speichern</translation>
    </message>
    <message>
        <source>Save &amp;JSON</source>
        <translation>&amp;JSON speichern</translation>
    </message>
    <message>
        <source>Save the report as JSON, with every figure and path, for other tools</source>
        <translation>Den Bericht als JSON mit allen Kennzahlen und Pfaden für andere Werkzeuge speichern</translation>
    </message>
    <message>
        <source>Folder for the report</source>
        <translation>Ordner für den Bericht</translation>
    </message>
    <message>
        <source>Summary</source>
        <translation>Zusammenfassung</translation>
    </message>
    <message>
        <source>What was done, with figures and warnings; save the installation report.</source>
        <translation>Was getan wurde, mit Kennzahlen und Warnungen; den Installationsbericht speichern.</translation>
    </message>
    <message>
        <source>Ch&amp;oose…</source>
        <translation>&amp;Durchsuchen…</translation>
    </message>
</context>
<context>
    <name>st::TargetBox</name>
    <message>
        <source>Tertiary</source>
        <translation>Tertiary</translation>
    </message>
    <message>
        <source>Secondary</source>
        <translation>Secondary</translation>
    </message>
    <message>
        <source>The %1&apos;s address and agent port, as host:port or [IPv6]:port</source>
        <translation>Adresse und Agent-Port des %1, als host:port oder [IPv6]:port</translation>
    </message>
    <message>
        <source>The one-time pairing code the agent printed on the %1&apos;s console; not needed once this Primary has pinned the %1</source>
        <translation>Der einmalige Kopplungscode, den der Agent auf der Konsole des %1 ausgegeben hat; nicht nötig, sobald dieser Primary den %1 gepinnt hat</translation>
    </message>
    <message>
        <source>&amp;Test connection</source>
        <translation>Verbindung &amp;testen</translation>
    </message>
    <message>
        <source>Connect to the %1&apos;s agent over TLS, check or pair its certificate and show what it reports</source>
        <translation>Über TLS mit dem Agenten des %1 verbinden, sein Zertifikat prüfen oder koppeln und anzeigen, was er meldet</translation>
    </message>
    <message>
        <source>Compare with the fingerprint the agent printed on the %1&apos;s console</source>
        <translation>Mit dem Fingerabdruck vergleichen, den der Agent auf der Konsole des %1 ausgegeben hat</translation>
    </message>
    <message>
        <source>Host name:</source>
        <translation>Hostname:</translation>
    </message>
    <message>
        <source>Operating system:</source>
        <translation>Betriebssystem:</translation>
    </message>
    <message>
        <source>Agent version:</source>
        <translation>Agent-Version:</translation>
    </message>
    <message>
        <source>Certificate:</source>
        <translation>Zertifikat:</translation>
    </message>
    <message>
        <source>Free space:</source>
        <translation>Freier Speicherplatz:</translation>
    </message>
    <message>
        <source>Compare the certificate fingerprint with the one on the %1&apos;s console before you go on.</source>
        <translation>Vergleichen Sie den Zertifikats-Fingerabdruck mit dem auf der Konsole des %1, bevor Sie fortfahren.</translation>
    </message>
    <message>
        <source>&amp;Address:</source>
        <translation>A&amp;dresse:</translation>
    </message>
    <message>
        <source>This machine is pinned: the code may stay empty.</source>
        <translation>Dieser Rechner ist gepinnt: der Code kann leer bleiben.</translation>
    </message>
    <message>
        <source>Stop &amp;test</source>
        <translation>&amp;Test abbrechen</translation>
    </message>
    <message>
        <source>unknown</source>
        <translation>unbekannt</translation>
    </message>
    <message>
        <source>Add&amp;ress:</source>
        <translation>Ad&amp;resse:</translation>
    </message>
    <message>
        <source>Pairing c&amp;ode:</source>
        <translation>Kopplungsc&amp;ode:</translation>
    </message>
    <message>
        <source>Pairing co&amp;de:</source>
        <translation>Kopplungs&amp;code:</translation>
    </message>
    <message>
        <source>Stop te&amp;st</source>
        <translation>Te&amp;st abbrechen</translation>
    </message>
    <message>
        <source>Te&amp;st connection</source>
        <translation>Verbindung te&amp;sten</translation>
    </message>
</context>
<context>
    <name>st::TargetConfig</name>
    <message>
        <source>Enter the %1&apos;s address, e.g. 198.18.0.2:7443.</source>
        <translation>Die Adresse des %1 eingeben, z. B. 198.18.0.2:7443.</translation>
    </message>
    <message>
        <source>Enter the pairing code shown on the %1&apos;s console.</source>
        <translation>Den Kopplungscode eingeben, den die Konsole des %1 anzeigt.</translation>
    </message>
    <message>
        <source>A pairing code has 12 letters and digits, like K7QF-3M9X-TR2C.</source>
        <translation>Ein Kopplungscode hat 12 Buchstaben und Ziffern, etwa K7QF-3M9X-TR2C.</translation>
    </message>
    <message>
        <source>Correct the marked fields.</source>
        <translation>Die markierten Felder korrigieren.</translation>
    </message>
    <message>
        <source>Connected, paired and pinned.</source>
        <translation>Verbunden, gekoppelt und gepinnt.</translation>
    </message>
    <message>
        <source>Connected; the pinned certificate matches.</source>
        <translation>Verbunden; das gepinnte Zertifikat stimmt überein.</translation>
    </message>
    <message>
        <source>Connecting to %1…</source>
        <translation>Verbinde mit %1…</translation>
    </message>
    <message>
        <source>Connection test cancelled.</source>
        <translation>Verbindungstest abgebrochen.</translation>
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
        <source>Complete this step first</source>
        <translation>Zuerst diesen Schritt abschließen</translation>
    </message>
    <message>
        <source>Go on to: %1</source>
        <translation>Weiter zu: %1</translation>
    </message>
    <message>
        <source>Cancelling</source>
        <translation>Wird abgebrochen</translation>
    </message>
    <message>
        <source>Cleaning up before ServerTwin closes…</source>
        <translation>Aufräumen, bevor ServerTwin geschlossen wird…</translation>
    </message>
    <message>
        <source>&amp;Finish</source>
        <translation>&amp;Fertigstellen</translation>
    </message>
    <message>
        <source>Close ServerTwin: the installation is done</source>
        <translation>ServerTwin schließen: die Installation ist abgeschlossen</translation>
    </message>
</context>
</TS>
