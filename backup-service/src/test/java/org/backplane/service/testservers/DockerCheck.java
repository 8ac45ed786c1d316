package org.backplane.service.testservers;

/**
 * Run by the build under {@code -Pcontainers} before any test: stops the build at once,
 * saying why, when no Docker engine answers.
 */
public final class DockerCheck {

	private DockerCheck() {
	}

	/**
	 * Checks that a Docker engine answers.
	 * @param args none
	 * @throws IllegalStateException when none does
	 */
	public static void main(String[] args) {
		Containers.requireDocker();
		System.out.println("Docker engine found: the integration tests run against Testcontainers' servers");
	}

}
