package org.backplane.service.security;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.backplane.service.support.BackplaneException;
import org.junit.jupiter.api.Test;

import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.security.authentication.AuthenticationServiceException;
import org.springframework.security.oauth2.server.resource.authentication.BearerTokenAuthenticationToken;
import org.springframework.web.servlet.ModelAndView;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * A key set that cannot be read is the service's trouble, not the caller's: the token is
 * not refused (401) but cannot be checked (503), and the answer says so.
 */
class TokenAuthenticationTests {

	@Test
	void anUnreachableKeySetIsA503NotA401() throws IOException {
		int closedPort;
		try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
			closedPort = socket.getLocalPort();
		}
		SecurityProperties properties = new SecurityProperties(
				new SecurityProperties.Jwt(URI.create("http://127.0.0.1:" + closedPort + "/jwks"), null), null,
				Map.of("ada", "admin"), null, new SecurityProperties.Cors(null));
		TokenAuthentication authentication = new TokenAuthentication(properties);
		AuthenticationServiceException failure = assertThatExceptionOfType(AuthenticationServiceException.class)
			.isThrownBy(() -> authentication.authenticate(new BearerTokenAuthenticationToken(TestTokens.token("ada"))))
			.actual();
		List<Exception> rendered = new ArrayList<>();
		SecurityErrors errors = new SecurityErrors((request, response, handler, ex) -> {
			rendered.add(ex);
			return new ModelAndView();
		}, new AccessRules(false));
		MockHttpServletRequest request = new MockHttpServletRequest("GET", "/api/v1/components");
		errors.onAuthenticationFailure(request, new MockHttpServletResponse(), failure);
		assertThat(rendered).singleElement().isInstanceOfSatisfying(BackplaneException.class, (ex) -> {
			assertThat(ex.getKind()).isEqualTo(BackplaneException.Kind.UNAVAILABLE);
			assertThat(ex.getMessage()).contains("backplane.security.jwt.jwk-set-uri could not be read");
		});
	}

}
