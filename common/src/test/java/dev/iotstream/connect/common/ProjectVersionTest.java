package dev.iotstream.connect.common;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ProjectVersionTest {
    @Test
    void versionComesFromTheBuild() {
        assertThat(ProjectVersion.get()).matches("\\d+\\.\\d+\\.\\d+.*").doesNotContain("${");
    }
}
