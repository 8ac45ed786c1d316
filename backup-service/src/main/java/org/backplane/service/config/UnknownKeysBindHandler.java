package org.backplane.service.config;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.bind.AbstractBindHandler;
import org.springframework.boot.context.properties.bind.BindContext;
import org.springframework.boot.context.properties.bind.BindHandler;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.UnboundConfigurationPropertiesException;
import org.springframework.boot.context.properties.bind.handler.NoUnboundElementsBindHandler;
import org.springframework.boot.context.properties.source.ConfigurationProperty;
import org.springframework.boot.context.properties.source.ConfigurationPropertyName;

/**
 * Wraps a {@link BindHandler} that includes a {@link NoUnboundElementsBindHandler} and
 * turns its {@link UnboundConfigurationPropertiesException} into an
 * {@link UnknownConfigurationKeyException} that names, for each unknown key, the nearest
 * valid key of the bound record, e.g. "Unknown configuration key
 * backplane.storage.s3.part-sise: did you mean backplane.storage.s3.part-size? Valid keys
 * under backplane.storage.s3: part-size, …". Only names are kept: the unbound properties,
 * which carry their values, are dropped. Targets that are not records are left as they
 * are.
 * <p>
 * Every {@code @ConfigurationProperties} binding gets one through
 * {@link UnknownKeysBindHandlerAdvisor}; code that binds by hand (such as the source
 * registry for {@code backplane.components.<name>.*}) wraps its own handler.
 */
public class UnknownKeysBindHandler extends AbstractBindHandler {

	/**
	 * Wraps a handler.
	 * @param parent the handler, which should check for unbound elements
	 */
	public UnknownKeysBindHandler(BindHandler parent) {
		super(parent);
	}

	@Override
	public void onFinish(ConfigurationPropertyName name, Bindable<?> target, BindContext context,
			@Nullable Object result) throws Exception {
		try {
			super.onFinish(name, target, context, result);
		}
		catch (UnboundConfigurationPropertiesException ex) {
			Class<?> type = target.getType().resolve();
			ConfigurationKeys keys = (context.getDepth() == 0 && type != null) ? ConfigurationKeys.of(type) : null;
			if (keys == null) {
				throw ex;
			}
			throw keys.unknown(name, ex.getUnboundProperties().stream().map(ConfigurationProperty::getName).toList());
		}
	}

}
