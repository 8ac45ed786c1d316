package org.backplane.service.config;

import org.springframework.boot.context.properties.ConfigurationPropertiesBindHandlerAdvisor;
import org.springframework.boot.context.properties.bind.BindHandler;
import org.springframework.stereotype.Component;

/**
 * Gives every {@code @ConfigurationProperties} binding an {@link UnknownKeysBindHandler},
 * so that a record bound with {@code ignoreUnknownFields = false}
 * ({@link BackplaneProperties} and the storage adapters' tuning) fails start-up on an
 * unknown key with a message naming the nearest valid key. Bindings that ignore unknown
 * keys are not affected.
 */
@Component
class UnknownKeysBindHandlerAdvisor implements ConfigurationPropertiesBindHandlerAdvisor {

	@Override
	public BindHandler apply(BindHandler bindHandler) {
		return new UnknownKeysBindHandler(bindHandler);
	}

}
