package org.backplane.service.storage;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The storage machinery shared by the adapters.
 */
@Configuration(proxyBeanMethods = false)
class StorageConfiguration {

	/**
	 * The part, range and block buffers the service's transfers may hold at once: what
	 * the heap leaves for them ({@link TransferMemory#transferRoom}).
	 * @return the budget
	 */
	@Bean
	TransferBudget transferBudget() {
		return TransferBudget.forHeap(Runtime.getRuntime().maxMemory());
	}

}
