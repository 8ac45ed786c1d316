package org.backplane.service.security;

import jakarta.servlet.http.Cookie;
import org.junit.jupiter.api.Test;

import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Where a token is read from: {@code Authorization: token=…} or {@code Bearer …}, else
 * the DC/OS cookie; never the query string.
 */
class TokenResolverTests {

	private final TokenResolver resolver = new TokenResolver();

	@Test
	void readsTokenEqualsAndBearerInAnyCase() {
		assertThat(this.resolver.resolve(request("token=abc.def.ghi"))).isEqualTo("abc.def.ghi");
		assertThat(this.resolver.resolve(request("Bearer abc"))).isEqualTo("abc");
		assertThat(this.resolver.resolve(request("bearer  abc "))).isEqualTo("abc");
		assertThat(this.resolver.resolve(request("TOKEN=abc"))).isEqualTo("abc");
	}

	@Test
	void readsTheCookieOnlyWithoutAnAuthorizationHeader() {
		MockHttpServletRequest cookieOnly = new MockHttpServletRequest();
		cookieOnly.setCookies(new Cookie("other", "x"), new Cookie("dcos-acs-auth-cookie", "from-cookie"));
		assertThat(this.resolver.resolve(cookieOnly)).isEqualTo("from-cookie");
		MockHttpServletRequest both = request("Bearer from-header");
		both.setCookies(new Cookie("dcos-acs-auth-cookie", "from-cookie"));
		assertThat(this.resolver.resolve(both)).isEqualTo("from-header");
	}

	@Test
	void refusesOtherSchemesAndEmptyTokens() {
		for (String header : new String[] { "Basic YWRhOnNlY3JldA==", "token=", "Bearer ", "abc" }) {
			MockHttpServletRequest request = request(header);
			request.setCookies(new Cookie("dcos-acs-auth-cookie", "from-cookie"));
			assertThatExceptionOfType(OAuth2AuthenticationException.class).as(header)
				.isThrownBy(() -> this.resolver.resolve(request));
		}
	}

	@Test
	void ignoresTheQueryString() {
		MockHttpServletRequest request = new MockHttpServletRequest();
		request.setParameter("access_token", "abc");
		assertThat(this.resolver.resolve(request)).isNull();
	}

	private static MockHttpServletRequest request(String authorization) {
		MockHttpServletRequest request = new MockHttpServletRequest();
		request.addHeader("Authorization", authorization);
		return request;
	}

}
