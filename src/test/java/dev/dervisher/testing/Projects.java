package dev.dervisher.testing;

import java.nio.file.Files;
import java.nio.file.Path;

/** Where the project is, whichever directory Maven or an IDE runs the tests from. */
public final class Projects {

    private Projects() {
    }

    public static Path root() {
        Path dir = Path.of("").toAbsolutePath();
        while (dir != null && !Files.exists(dir.resolve("pom.xml"))) {
            dir = dir.getParent();
        }
        if (dir == null) {
            throw new IllegalStateException("no pom.xml above " + Path.of("").toAbsolutePath());
        }
        return dir;
    }
}
